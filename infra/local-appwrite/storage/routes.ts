import { createReadStream, statSync } from 'node:fs';
import { AppwriteError } from '../core/errors.js';
import type { RequestContext, Router } from '../core/router.js';
import { parseQueries } from '../tables/queries.js';
import { applyQueries } from '../tables/list-queries.js';
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

// Files are few per bucket here, so list queries are evaluated in memory, with the meaning
// they have everywhere else (`tables/list-queries.ts`). Appwrite's files search looks at the
// name (and the id); the other queries apply to the file documents as served.
function listFiles(ctx: RequestContext, all: FileJson[]): { total: number; files: FileJson[] } {
  const search = typeof ctx.query.search === 'string' ? ctx.query.search.toLowerCase() : '';
  const found = search ? all.filter((f) => f.name.toLowerCase().includes(search) || f.$id.toLowerCase().includes(search)) : all;
  const { total, documents } = applyQueries(found, parseQueries(ctx.query.queries));
  return { total, files: documents };
}
