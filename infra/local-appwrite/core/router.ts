import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Auth, ResolveAuth } from './auth.js';
import { AppwriteError } from './errors.js';
import { assignParam, parseSearchParams, type Params } from './params.js';

// The HTTP seam every part of the stack registers on:
//   router.add('GET', '/v1/tablesdb/:databaseId/tables/:tableId/rows', handler)
// Patterns are full paths (with `/v1`); `:name` matches one segment. A handler gets a
// RequestContext with the parsed body, query, auth and reply helpers; it may reply itself or
// return a value, which is sent as JSON 200. Throwing an AppwriteError sends Appwrite's error.

export type UploadedFile = { field: string; filename: string; mimeType: string; data: Buffer };

export type RequestContext = {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** path without the query string */
  path: string;
  params: Record<string, string>;
  /** query string folded PHP-style: `queries[0]=x` → `{ queries: ['x'] }` */
  query: Params;
  searchParams: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** JSON body, or multipart / urlencoded fields folded PHP-style */
  body: Params;
  files: UploadedFile[];
  rawBody: Buffer;
  auth: Auth;
  projectId: string;
  /** `http://host:port` as the client addressed us (from Host), for URLs in responses */
  origin: string;
  header(name: string): string | undefined;
  json(data: unknown, status?: number): void;
  noContent(): void;
  send(status: number, headers: Record<string, string | number | string[]>, body?: Buffer | string | Readable): void;
};

export type Handler = (ctx: RequestContext) => unknown;

type Route = { method: string; parts: string[]; handler: Handler };

/** Biggest request body accepted; chunked uploads send 5 MB chunks. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): void {
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
  }

  /** The route for a request, or `undefined` / `'method'` when only the method differs. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
    const segments = path.split('/').filter(Boolean).map(safeDecode);
    let methodMismatch = false;
    for (const route of this.routes) {
      const params = matchParts(route.parts, segments);
      if (!params) continue;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
        methodMismatch = true;
        continue;
      }
      return { handler: route.handler, params };
    }
    return methodMismatch ? 'method' : undefined;
  }
}

function matchParts(parts: string[], segments: string[]): Record<string, string> | null {
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AppwriteError(413, 'storage_invalid_content_range', 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function parseBody(headers: IncomingHttpHeaders, raw: Buffer): Promise<{ body: Params; files: UploadedFile[] }> {
  const type = (headers['content-type'] ?? '').toLowerCase();
  if (raw.length === 0) return { body: {}, files: [] };
  if (type.startsWith('multipart/form-data')) return parseMultipart(headers, raw);
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { body: parseSearchParams(new URLSearchParams(raw.toString('utf8'))), files: [] };
  }
  if (type.startsWith('application/json') || type === '') {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { body: parsed as Params, files: [] };
    } catch {
      if (type === '') return { body: {}, files: [] };
    }
    if (type !== '') throw new AppwriteError(400, 'general_argument_invalid', 'Invalid JSON body.');
  }
  return { body: {}, files: [] };
}

function parseMultipart(headers: IncomingHttpHeaders, raw: Buffer): Promise<{ body: Params; files: UploadedFile[] }> {
  return new Promise((resolve, reject) => {
    const body: Params = {};
    const files: UploadedFile[] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers, limits: { fileSize: MAX_BODY_BYTES, fieldSize: MAX_BODY_BYTES } });
    } catch (err) {
      reject(new AppwriteError(400, 'general_argument_invalid', `Invalid multipart body: ${(err as Error).message}`));
      return;
    }
    parser.on('field', (name, value) => assignParam(body, name, value));
    parser.on('file', (field, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('end', () =>
        files.push({ field, filename: info.filename ?? 'file', mimeType: info.mimeType ?? 'application/octet-stream', data: Buffer.concat(parts) }),
      );
    });
    parser.on('close', () => resolve({ body, files }));
    parser.on('error', (err) => reject(new AppwriteError(400, 'general_argument_invalid', `Invalid multipart body: ${(err as Error).message}`)));
    parser.end(raw);
  });
}

export type ContextDeps = { resolveAuth: ResolveAuth; projectId: string };

/** Builds the context for a matched route (body already read). */
export async function createContext(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  params: Record<string, string>,
  deps: ContextDeps,
): Promise<RequestContext> {
  const rawBody = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
  const { body, files } = await parseBody(req.headers, rawBody);
  const host = req.headers.host ?? 'localhost';
  const proto = (req.headers['x-forwarded-proto'] as string | undefined) ?? 'http';
  return {
    req,
    res,
    method: req.method ?? 'GET',
    path: url.pathname,
    params,
    query: parseSearchParams(url.searchParams),
    searchParams: url.searchParams,
    headers: req.headers,
    body,
    files,
    rawBody,
    auth: deps.resolveAuth(req.headers),
    projectId: deps.projectId,
    origin: `${proto}://${host}`,
    header(name) {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    json(data, status = 200) {
      const text = JSON.stringify(data);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(req.method === 'HEAD' ? undefined : text);
    },
    noContent() {
      res.writeHead(204);
      res.end();
    },
    send(status, headers, payload) {
      res.writeHead(status, headers);
      if (payload === undefined || req.method === 'HEAD') {
        res.end();
        if (payload && typeof payload !== 'string' && !Buffer.isBuffer(payload)) payload.destroy();
      } else if (typeof payload === 'string' || Buffer.isBuffer(payload)) res.end(payload);
      else payload.pipe(res);
    },
  };
}

export function sendError(res: ServerResponse, err: unknown): void {
  const error =
    err instanceof AppwriteError ? err : new AppwriteError(500, 'general_unknown', 'Server Error');
  if (!(err instanceof AppwriteError)) console.error('http.unhandled', err instanceof Error ? err.stack : String(err));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(error.toJSON());
  res.writeHead(error.code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
