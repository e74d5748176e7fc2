import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Auth } from '../core/auth.js';
import type { FileGrant } from './file-tokens.js';
import { actorOf, type ChangeBus } from '../core/bus.js';
import { AppwriteError } from '../core/errors.js';
import { defaultPermissions, grants, normalisePermissions, readRolesOf, type Action } from '../core/permissions.js';
import type { UploadedFile } from '../core/router.js';
import type { Bucket, Catalog } from '../schema/catalog.js';
import { formatDate, resolveId } from '../store/ids.js';
import type { Db } from '../store/sqlite.js';
import { extensionOf, mimeFor } from './mime.js';

// Files: metadata in SQLite, bytes under `<dataDir>/storage/<bucket>/<fileId>`. Chunked
// uploads (5 MiB chunks, any order) land as numbered parts and are joined when the last one
// arrives. Chunk handling is synchronous, so parallel chunks of one file never interleave.

export const CHUNK_SIZE = 5 * 1024 * 1024;
export type FileJson = {
  $id: string; bucketId: string; $createdAt: string; $updatedAt: string; $permissions: string[]; name: string;
  signature: string; mimeType: string; sizeOriginal: number; chunksTotal: number; chunksUploaded: number;
};
type Stored = { json: string; perms: string; chunks: string; seq: number };

export type CreateFileInput = {
  fileId: unknown;
  file: UploadedFile | undefined;
  permissions: unknown;
  contentRange: string | undefined;
  uploadId: string | undefined;
};

export class Files {
  constructor(
    private readonly db: Db,
    private readonly catalog: Catalog,
    private readonly bus: ChangeBus,
    private readonly root: string,
  ) {
    mkdirSync(root, { recursive: true });
  }

  create(auth: Auth, bucketId: string, input: CreateFileInput): FileJson {
    const bucket = this.bucket(auth, bucketId);
    if (auth.kind === 'key') requireScope(auth, 'files.write');
    else if (!grants(bucket.$permissions, 'create', auth.roles)) throw unauthorized();
    const part = input.file;
    if (!part) throw new AppwriteError(400, 'storage_file_empty', 'Empty file passed to the endpoint.');
    const range = parseContentRange(input.contentRange, part.data.length);
    const ext = extensionOf(part.filename);
    if (bucket.allowedFileExtensions.length > 0 && !bucket.allowedFileExtensions.map((e) => e.toLowerCase()).includes(ext)) {
      throw new AppwriteError(400, 'storage_file_type_unsupported', 'File extension not allowed');
    }
    if (range.size > bucket.maximumFileSize) throw new AppwriteError(400, 'storage_invalid_file_size', 'File size not allowed');
    if (range.size === 0) throw new AppwriteError(400, 'storage_file_empty', 'Empty file passed to the endpoint.');

    const id = input.uploadId || resolveId(input.fileId, 'fileId');
    const chunksTotal = range.chunked ? Math.ceil(range.size / CHUNK_SIZE) : 1;
    const index = range.chunked ? Math.floor(range.start / CHUNK_SIZE) : 0;
    const existing = this.stored(bucketId, id);
    // Appwrite's internal sequence: never reused, so a token of a deleted file opens no later one.
    const seq = existing ? existing.seq : this.nextSeq();
    let meta: FileJson;
    let chunks: number[];
    if (existing) {
      meta = JSON.parse(existing.json) as FileJson;
      chunks = JSON.parse(existing.chunks) as number[];
      if (meta.chunksUploaded >= meta.chunksTotal || !range.chunked) {
        throw new AppwriteError(409, 'storage_file_already_exists', 'A storage file with the requested ID already exists.');
      }
    } else {
      const now = formatDate();
      const perms = input.permissions === undefined || input.permissions === null ? defaultPermissions(auth) : normalisePermissions(input.permissions, auth);
      meta = {
        $id: id, bucketId, $createdAt: now, $updatedAt: now, $permissions: perms, name: part.filename, signature: '',
        mimeType: mimeFor(part.filename, part.mimeType), sizeOriginal: range.size, chunksTotal, chunksUploaded: 0,
      };
      chunks = [];
    }
    if (range.chunked) {
      const dir = this.partsDir(bucketId, id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, String(index)), part.data);
      if (!chunks.includes(index)) chunks.push(index);
    } else {
      mkdirSync(join(this.root, bucketId), { recursive: true });
      writeFileSync(this.path(bucketId, id), part.data);
      chunks = [0];
    }
    meta.chunksUploaded = chunks.length;
    const complete = meta.chunksUploaded >= meta.chunksTotal;
    if (complete) {
      meta.signature = range.chunked ? this.join(bucketId, id, meta.chunksTotal) : createHash('md5').update(part.data).digest('hex');
      meta.$updatedAt = formatDate();
    }
    this.db
      .prepare('INSERT INTO files (bucket, id, seq, json, perms, chunks) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(bucket, id) DO UPDATE SET json = excluded.json, chunks = excluded.chunks')
      .run(bucketId, id, seq, JSON.stringify(meta), JSON.stringify(meta.$permissions), JSON.stringify(chunks));
    if (complete) this.emit(auth, 'create', bucket, meta);
    return meta;
  }

  get(auth: Auth, bucketId: string, fileId: string): FileJson {
    const bucket = this.bucket(auth, bucketId);
    if (auth.kind === 'key') requireScope(auth, 'files.read');
    const stored = this.stored(bucketId, fileId);
    if (!stored) throw fileNotFound();
    const meta = JSON.parse(stored.json) as FileJson;
    if (auth.kind !== 'key' && !this.allows(bucket, meta, 'read', auth.roles)) throw fileNotFound();
    return meta;
  }

  list(auth: Auth, bucketId: string): FileJson[] {
    const bucket = this.bucket(auth, bucketId);
    if (auth.kind === 'key') requireScope(auth, 'files.read');
    else if (!grants(bucket.$permissions, 'read', auth.roles) && !bucket.fileSecurity) throw unauthorized();
    return this.db
      .prepare<[string], { json: string }>('SELECT json FROM files WHERE bucket = ? ORDER BY seq')
      .all(bucketId)
      .map((r) => JSON.parse(r.json) as FileJson)
      .filter((f) => auth.kind === 'key' || this.allows(bucket, f, 'read', auth.roles));
  }

  update(auth: Auth, bucketId: string, fileId: string, name: unknown, permissions: unknown): FileJson {
    const bucket = this.bucket(auth, bucketId);
    const meta = this.mustExist(bucketId, fileId);
    this.authorize(auth, bucket, meta, 'update');
    if (typeof name === 'string' && name) meta.name = name;
    if (permissions !== undefined && permissions !== null) meta.$permissions = normalisePermissions(permissions, auth);
    meta.$updatedAt = formatDate();
    this.db.prepare('UPDATE files SET json = ?, perms = ? WHERE bucket = ? AND id = ?').run(JSON.stringify(meta), JSON.stringify(meta.$permissions), bucketId, fileId);
    this.emit(auth, 'update', bucket, meta);
    return meta;
  }

  delete(auth: Auth, bucketId: string, fileId: string): void {
    const bucket = this.bucket(auth, bucketId);
    const meta = this.mustExist(bucketId, fileId);
    this.authorize(auth, bucket, meta, 'delete');
    this.db.prepare('DELETE FROM files WHERE bucket = ? AND id = ?').run(bucketId, fileId);
    rmSync(this.path(bucketId, fileId), { force: true });
    rmSync(this.partsDir(bucketId, fileId), { recursive: true, force: true });
    this.emit(auth, 'delete', bucket, meta);
  }

  /**
   * The file's bytes on disk; 404 until fully uploaded. Without a token the read check is
   * `get`'s. With one (app/controllers/api/storage.php, view/download/preview in 1.8.1): a
   * token of this bucket skips the permission check, and a token of any other file is 401.
   */
  contentPath(auth: Auth, bucketId: string, fileId: string, grant: FileGrant | null = null): { meta: FileJson; path: string } {
    let meta: FileJson;
    if (grant && auth.kind !== 'key') {
      const bucket = this.bucket(auth, bucketId);
      const isToken = grant.bucketId === bucketId;
      const bucketRead = grants(bucket.$permissions, 'read', auth.roles);
      if (!bucket.fileSecurity && !bucketRead && !isToken) throw unauthorized();
      const stored = this.stored(bucketId, fileId);
      if (!stored || stored.seq !== grant.fileSeq) throw unauthorized();
      meta = JSON.parse(stored.json) as FileJson;
      if (!isToken && !this.allows(bucket, meta, 'read', auth.roles)) throw unauthorized();
    } else meta = this.get(auth, bucketId, fileId);
    const path = this.path(bucketId, fileId);
    if (meta.chunksUploaded < meta.chunksTotal || !existsSync(path)) throw fileNotFound();
    return { meta, path };
  }

  /**
   * The file's internal sequence, after the checks of Appwrite's token routes
   * (Tokens/Http/Tokens/Buckets/Files/Action.php `getFileAndBucket`): the bucket must be
   * readable, which makes its files readable too; a key reads every file.
   */
  sequence(auth: Auth, bucketId: string, fileId: string): number {
    const bucket = this.bucket(auth, bucketId);
    if (auth.kind !== 'key' && !grants(bucket.$permissions, 'read', auth.roles)) throw unauthorized();
    const stored = this.stored(bucketId, fileId);
    if (!stored) throw fileNotFound();
    return stored.seq;
  }

  /** A disabled bucket is invisible to everyone but API keys, as on Appwrite. */
  private bucket(auth: Auth, bucketId: string): Bucket {
    const bucket = this.catalog.getBucket(bucketId);
    if (!bucket.enabled && auth.kind !== 'key') throw new AppwriteError(404, 'storage_bucket_not_found', 'Storage bucket with the requested ID could not be found.');
    return bucket;
  }

  private authorize(auth: Auth, bucket: Bucket, meta: FileJson, action: Action): void {
    if (auth.kind === 'key') return requireScope(auth, 'files.write');
    if (!this.allows(bucket, meta, 'read', auth.roles)) throw fileNotFound();
    if (!this.allows(bucket, meta, action, auth.roles)) throw unauthorized();
  }

  private allows(bucket: Bucket, meta: FileJson, action: Action, roles: string[]): boolean {
    return grants(bucket.$permissions, action, roles) || (bucket.fileSecurity && grants(meta.$permissions, action, roles));
  }

  private mustExist(bucketId: string, fileId: string): FileJson {
    const stored = this.stored(bucketId, fileId);
    if (!stored) throw fileNotFound();
    return JSON.parse(stored.json) as FileJson;
  }

  private stored(bucketId: string, fileId: string): Stored | undefined {
    return this.db.prepare<[string, string], Stored>('SELECT json, perms, chunks, seq FROM files WHERE bucket = ? AND id = ?').get(bucketId, fileId);
  }

  private nextSeq(): number {
    return this.db
      .prepare<[], { last: number }>("INSERT INTO table_sequences (tkey, last) VALUES ('storage:files', (SELECT COALESCE(MAX(seq), 0) + 1 FROM files)) ON CONFLICT(tkey) DO UPDATE SET last = last + 1 RETURNING last")
      .get()!.last;
  }

  /** Concatenates the parts into the file; returns its MD5 (Appwrite's `signature`). */
  private join(bucketId: string, fileId: string, total: number): string {
    const dir = this.partsDir(bucketId, fileId);
    mkdirSync(join(this.root, bucketId), { recursive: true });
    const md5 = createHash('md5');
    const fd = openSync(this.path(bucketId, fileId), 'w');
    try {
      for (let i = 0; i < total; i++) {
        const part = readFileSync(join(dir, String(i)));
        md5.update(part);
        writeSync(fd, part);
      }
    } finally {
      closeSync(fd);
    }
    rmSync(dir, { recursive: true, force: true });
    return md5.digest('hex');
  }

  private emit(auth: Auth, action: 'create' | 'update' | 'delete', bucket: Bucket, meta: FileJson): void {
    const roles = new Set(readRolesOf(bucket.$permissions));
    if (bucket.fileSecurity) for (const r of readRolesOf(meta.$permissions)) roles.add(r);
    this.bus.emit({ resource: 'file', action, bucketId: bucket.$id, id: meta.$id, payload: { ...meta }, readRoles: [...roles], ...actorOf(auth) });
  }

  private path(bucketId: string, fileId: string): string {
    return join(this.root, bucketId, fileId);
  }

  private partsDir(bucketId: string, fileId: string): string {
    return join(this.root, '.parts', bucketId, fileId);
  }

  /** Leftover parts of uploads that never finished (for diagnostics). */
  pendingUploads(): number {
    const dir = join(this.root, '.parts');
    return existsSync(dir) ? readdirSync(dir).length : 0;
  }
}

function parseContentRange(header: string | undefined, length: number): { chunked: boolean; start: number; end: number; size: number } {
  if (!header) return { chunked: false, start: 0, end: length - 1, size: length };
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (!m) throw new AppwriteError(416, 'storage_invalid_content_range', 'The content range is invalid.');
  const start = Number(m[1]);
  const end = Number(m[2]);
  const size = Number(m[3]);
  if (end < start || end >= size || end - start + 1 !== length || start % CHUNK_SIZE !== 0) {
    throw new AppwriteError(416, 'storage_invalid_content_range', 'The content range is invalid.');
  }
  return { chunked: true, start, end, size };
}

function requireScope(auth: Auth & { kind: 'key' }, scope: string): void {
  if (!auth.scopes.includes(scope)) throw new AppwriteError(401, 'general_unauthorized_scope', `app (role: applications) missing scopes (["${scope}"])`);
}

function unauthorized(): AppwriteError {
  return new AppwriteError(401, 'user_unauthorized', 'The current user is not authorized to perform the requested action.');
}

function fileNotFound(): AppwriteError {
  return new AppwriteError(404, 'storage_file_not_found', 'The requested file could not be found.');
}
