import { createReadStream, statSync } from 'node:fs';
import { AppwriteError } from '../core/errors.js';
import type { RequestContext, Router } from '../core/router.js';
import { parseQueries } from '../tables/queries.js';
import type { FileTokens } from './file-tokens.js';
import type { FileJson, Files } from './files.js';
import { safeViewType } from './mime.js';

// /v1/storage/buckets/:bucketId/files[...]: upload (multipart, chunked), get, list, update,
// delete, and the byte routes (download, view, preview) with HTTP Range for `<video>` seeking
// and `?token=` file tokens for elements that cannot send a session.

export function registerStorageRoutes(router: Router, files: Files, tokens: FileTokens): void {
  const base = '/v1/storage/buckets/:bucketId/files';
  router.add('POST', base, (ctx) => {
    const file = files.create(ctx.auth, ctx.params.bucketId!, {
      fileId: ctx.body.fileId,
      file: ctx.files.find((f) => f.field === 'file'),
      permissions: ctx.body.permissions,
      contentRange: ctx.header('content-range'),
      uploadId: ctx.header('x-appwrite-id'),
    });
    ctx.json(file, 201);
  });
  router.add('GET', base, (ctx) => listFiles(ctx, files.list(ctx.auth, ctx.params.bucketId!)));
  router.add('GET', `${base}/:fileId`, (ctx) => files.get(ctx.auth, ctx.params.bucketId!, ctx.params.fileId!));
  router.add('PUT', `${base}/:fileId`, (ctx) => files.update(ctx.auth, ctx.params.bucketId!, ctx.params.fileId!, ctx.body.name, ctx.body.permissions));
  router.add('DELETE', `${base}/:fileId`, (ctx) => files.delete(ctx.auth, ctx.params.bucketId!, ctx.params.fileId!));
  for (const kind of ['download', 'view', 'preview'] as const) {
    router.add('GET', `${base}/:fileId/${kind}`, (ctx) => sendBytes(ctx, files, tokens, kind));
  }
}

/** `?token=` (a file token's secret) may grant the read; see file-tokens.ts. */
function sendBytes(ctx: RequestContext, files: Files, tokens: FileTokens, kind: 'download' | 'view' | 'preview'): void {
  const grant = tokens.resolve(ctx.query.token);
  const { meta, path } = files.contentPath(ctx.auth, ctx.params.bucketId!, ctx.params.fileId!, grant);
  const size = statSync(path).size;
  const headers: Record<string, string | number> = {
    'content-type': kind === 'download' ? meta.mimeType : safeViewType(meta.mimeType),
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=3888000',
    'x-content-type-options': 'nosniff',
    'content-disposition': `${kind === 'download' ? 'attachment' : 'inline'}; filename="${meta.name.replace(/["\\\r\n]/g, '_')}"`,
  };
  const range = ctx.header('range');
  if (range) {
    const parsed = parseRange(range, size);
    if (!parsed) {
      throw new AppwriteError(416, 'storage_invalid_range', 'The requested range is not satisfiable.');
    }
    headers['content-range'] = `bytes ${parsed.start}-${parsed.end}/${size}`;
    headers['content-length'] = parsed.end - parsed.start + 1;
    ctx.send(206, headers, createReadStream(path, { start: parsed.start, end: parsed.end }));
    return;
  }
  headers['content-length'] = size;
  ctx.send(200, headers, createReadStream(path));
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; null when unsatisfiable. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

// Files are few per bucket here, so list queries are evaluated in memory.
function listFiles(ctx: RequestContext, all: FileJson[]): { total: number; files: FileJson[] } {
  let items = [...all];
  let limit = 25;
  let offset = 0;
  const search = typeof ctx.query.search === 'string' ? ctx.query.search.toLowerCase() : '';
  if (search) items = items.filter((f) => f.name.toLowerCase().includes(search) || f.$id.toLowerCase().includes(search));
  for (const q of parseQueries(ctx.query.queries)) {
    const attr = q.attribute as keyof FileJson | undefined;
    const values = q.values ?? [];
    const pick = (f: FileJson) => (attr ? (f[attr] as unknown) : undefined);
    switch (q.method) {
      case 'equal': items = items.filter((f) => values.includes(pick(f))); break;
      case 'notEqual': items = items.filter((f) => !values.includes(pick(f))); break;
      case 'startsWith': items = items.filter((f) => String(pick(f)).startsWith(String(values[0]))); break;
      case 'search': items = items.filter((f) => String(pick(f)).toLowerCase().includes(String(values[0]).toLowerCase())); break;
      case 'greaterThan': items = items.filter((f) => (pick(f) as number) > (values[0] as number)); break;
      case 'lessThan': items = items.filter((f) => (pick(f) as number) < (values[0] as number)); break;
      case 'orderAsc': items.sort((a, b) => cmp(pick(a), pick(b))); break;
      case 'orderDesc': items.sort((a, b) => cmp(pick(b), pick(a))); break;
      case 'limit': limit = Number(values[0]); break;
      case 'offset': offset = Number(values[0]); break;
      case 'cursorAfter': {
        const i = items.findIndex((f) => f.$id === values[0]);
        if (i < 0) throw new AppwriteError(400, 'general_cursor_not_found', 'Cursor not found.');
        items = items.slice(i + 1);
        break;
      }
      case 'cursorBefore': {
        const i = items.findIndex((f) => f.$id === values[0]);
        if (i < 0) throw new AppwriteError(400, 'general_cursor_not_found', 'Cursor not found.');
        items = items.slice(0, i);
        break;
      }
      default:
        throw new AppwriteError(400, 'general_query_invalid', `Invalid query: Query method not valid: ${q.method}`);
    }
  }
  return { total: items.length, files: items.slice(offset, offset + limit) };
}

function cmp(a: unknown, b: unknown): number {
  return String(a ?? '') < String(b ?? '') ? -1 : String(a ?? '') > String(b ?? '') ? 1 : 0;
}
