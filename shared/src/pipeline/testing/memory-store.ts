import { readFileSync, writeFileSync } from 'node:fs';
import { SceneRecord, VideoRecord } from '../../appwrite/records.js';
import { withToken } from '../../appwrite/file-tokens.js';
import { conflict, fileViewUrl, tableIds, type BucketId, type Store } from '../../appwrite/store.js';

/**
 * The `Store` port in memory, for handler tests: the handlers' branches run without a
 * server, a bundle or an event. It keeps the rules the handlers rely on from TablesDB and
 * Storage, so a branch that passes here behaves the same against the local server:
 * - a write carrying `ifUpdatedAt` answers `conflict` when the row was written after it
 *   (Appwrite's `X-Appwrite-Timestamp` guard), and every write moves `$updatedAt` forward;
 * - only the columns of appwrite.json may be written, strings within their size, so a
 *   handler writing a column that does not exist (or an over-long `error_class`) fails here
 *   as it would in production;
 * - creating an id that exists answers `exists`; reading a missing file throws.
 */
export type MemoryFile = { bytes: Uint8Array; name: string; permissions: string[] };

export type MemoryStore = Store & {
  readonly rows: Record<'videos' | 'scenes' | 'locks', Map<string, Record<string, unknown>>>;
  readonly files: Map<string, MemoryFile>;
  /** Puts a row as a user or an earlier stage left it; answers the parsed record. */
  seedVideo(data: Record<string, unknown> & { $id: string }, permissions?: string[]): VideoRecord;
  seedScene(data: Record<string, unknown> & { $id: string; video_id: string; scene_number: number }, permissions?: string[]): SceneRecord;
  seedFile(bucket: BucketId, id: string, content: string | Uint8Array, permissions?: string[]): void;
  /** The file's text, or undefined when it does not exist. */
  fileText(bucket: BucketId, id: string): string | undefined;
  video(id: string): VideoRecord;
  scene(id: string): SceneRecord;
  /** An unguarded write, as a user or another execution makes it; moves `$updatedAt`. */
  write(table: 'videos' | 'scenes', id: string, patch: Record<string, unknown>): void;
  /** Runs `write` before the next update of that row lands: another execution winning a race. */
  beforeNextUpdate(id: string, write: () => void): void;
};

type Column = { key: string; type: string; size?: number };

const schema = loadSchema();

function loadSchema(): Record<string, Map<string, Column>> {
  const project = JSON.parse(readFileSync(new URL('../../../../appwrite.json', import.meta.url), 'utf8')) as { tables: { $id: string; columns: Column[] }[] };
  return Object.fromEntries(project.tables.map((t) => [t.$id, new Map(t.columns.map((c) => [c.key, c]))]));
}

function checkColumns(table: string, data: Record<string, unknown>): void {
  const columns = schema[table];
  if (!columns) throw new Error(`memory store: no table ${table} in appwrite.json`);
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('$')) continue;
    const column = columns.get(key);
    if (!column) throw new Error(`memory store: ${table} has no column "${key}" (Appwrite answers 400 document_invalid_structure)`);
    if (column.type === 'string' && typeof value === 'string' && column.size !== undefined && value.length > column.size) {
      throw new Error(`memory store: ${table}.${key} is ${value.length} characters, the column holds ${column.size}`);
    }
  }
}

export function createMemoryStore(opts: { clock?: () => Date } = {}): MemoryStore {
  const clock = opts.clock ?? (() => new Date());
  const rows: MemoryStore['rows'] = { videos: new Map(), scenes: new Map(), locks: new Map() };
  const files = new Map<string, MemoryFile>();
  const pending = new Map<string, () => void>();
  let last = 0;
  // Strictly increasing, like the local server's `$updatedAt`, so back-to-back writes are told apart.
  const stamp = () => {
    last = Math.max(clock().getTime(), last + 1);
    return new Date(last).toISOString();
  };
  const key = (bucket: BucketId, id: string) => `${bucket}/${id}`;
  const existingFile = (bucket: BucketId, id: string): MemoryFile => {
    const file = files.get(key(bucket, id));
    if (!file) throw new Error(`memory store: file ${bucket}/${id} not found (Appwrite answers 404)`);
    return file;
  };
  const parseVideo = (row: Record<string, unknown>) => VideoRecord.parse(structuredClone(row));
  const parseScene = (row: Record<string, unknown>) => SceneRecord.parse(structuredClone(row));

  function create(table: keyof MemoryStore['rows'], id: string, data: Record<string, unknown>, permissions: string[]): Record<string, unknown> | 'exists' {
    if (rows[table].has(id)) return 'exists';
    checkColumns(table, data);
    const at = stamp();
    const row = { ...data, $id: id, $createdAt: at, $updatedAt: at, $permissions: [...permissions], $sequence: String(rows[table].size + 1) };
    rows[table].set(id, row);
    return row;
  }

  function update(table: 'videos' | 'scenes', id: string, patch: Record<string, unknown>, ifUpdatedAt?: string, permissions?: string[]): Record<string, unknown> | typeof conflict {
    const before = pending.get(id);
    if (before) {
      pending.delete(id);
      before();
    }
    const row = rows[table].get(id);
    if (!row) throw new Error(`memory store: ${table} row ${id} not found (Appwrite answers 404)`);
    checkColumns(table, patch);
    if (ifUpdatedAt !== undefined && String(row.$updatedAt) > ifUpdatedAt) return conflict;
    Object.assign(row, patch, { $updatedAt: stamp() }, permissions ? { $permissions: [...permissions] } : {});
    return row;
  }

  function byStatus<T>(table: 'videos' | 'scenes', statuses: readonly string[], limit: number, parse: (r: Record<string, unknown>) => T): T[] {
    return [...rows[table].values()]
      .filter((r) => statuses.includes(String(r.status)))
      .sort((a, b) => String(a.$updatedAt).localeCompare(String(b.$updatedAt)))
      .slice(0, limit)
      .map(parse);
  }

  const store: MemoryStore = {
    rows,
    files,
    async getVideo(id) {
      const row = rows.videos.get(id);
      return row ? parseVideo(row) : null;
    },
    async getScene(id) {
      const row = rows.scenes.get(id);
      return row ? parseScene(row) : null;
    },
    async listScenes(videoId) {
      return [...rows.scenes.values()].filter((r) => r.video_id === videoId).sort((a, b) => Number(a.scene_number) - Number(b.scene_number)).map(parseScene);
    },
    listVideosByStatus: async (statuses, limit = 100) => byStatus('videos', statuses, limit, parseVideo),
    listScenesByStatus: async (statuses, limit = 100) => byStatus('scenes', statuses, limit, parseScene),
    listRecentCompleted: async (limit) => [...rows.videos.values()]
      .filter((r) => r.status === 'completed')
      .sort((a, b) => String(b.$updatedAt).localeCompare(String(a.$updatedAt)))
      .slice(0, limit)
      .map(parseVideo),
    async updateVideo(id, patch, o = {}) {
      const row = update(tableIds.videos, id, patch as Record<string, unknown>, o.ifUpdatedAt, o.permissions);
      return row === conflict ? conflict : parseVideo(row);
    },
    async updateScene(id, patch, o = {}) {
      const row = update(tableIds.scenes, id, patch as Record<string, unknown>, o.ifUpdatedAt);
      return row === conflict ? conflict : parseScene(row);
    },
    async createScene(id, data, permissions) {
      return create('scenes', id, data, permissions) === 'exists' ? 'exists' : 'created';
    },
    async createLock(id, data) {
      return create('locks', id, data, []) === 'exists' ? 'exists' : 'created';
    },
    async putFile(bucket, id, content, name, permissions) {
      if (files.has(key(bucket, id))) return 'exists';
      const bytes = content instanceof Uint8Array ? new Uint8Array(content) : new Uint8Array(readFileSync(content.path));
      files.set(key(bucket, id), { bytes, name, permissions: [...permissions] });
      return 'created';
    },
    async readFile(bucket, id) {
      return Buffer.from(existingFile(bucket, id).bytes);
    },
    async saveFile(bucket, id, path) {
      writeFileSync(path, existingFile(bucket, id).bytes);
    },
    async fileReaders(bucket, id) {
      const file = files.get(key(bucket, id));
      return file ? file.permissions.filter((p) => p.startsWith('read(')) : null;
    },
    fileUrl: (bucket, id) => fileViewUrl('http://memory.test/v1', 'test', bucket, id),
    // A stand-in token, shaped like a JWT (three parts) and naming its file.
    playableUrl: async (bucket, id) => withToken(fileViewUrl('http://memory.test/v1', 'test', bucket, id), `memory.${bucket}.${id}`),

    seedVideo(data, permissions = []) {
      const row = create('videos', data.$id, withoutMeta(data), permissions);
      if (row === 'exists') throw new Error(`memory store: video ${data.$id} exists`);
      return parseVideo(row);
    },
    seedScene(data, permissions = []) {
      const row = create('scenes', data.$id, withoutMeta(data), permissions);
      if (row === 'exists') throw new Error(`memory store: scene ${data.$id} exists`);
      return parseScene(row);
    },
    seedFile(bucket, id, content, permissions = []) {
      files.set(key(bucket, id), { bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content, name: id, permissions });
    },
    fileText(bucket, id) {
      const file = files.get(key(bucket, id));
      return file ? new TextDecoder().decode(file.bytes) : undefined;
    },
    video(id) {
      const row = rows.videos.get(id);
      if (!row) throw new Error(`memory store: no video ${id}`);
      return parseVideo(row);
    },
    scene(id) {
      const row = rows.scenes.get(id);
      if (!row) throw new Error(`memory store: no scene ${id}`);
      return parseScene(row);
    },
    write(table, id, patch) {
      update(table, id, patch);
    },
    beforeNextUpdate(id, write) {
      pending.set(id, write);
    },
  };
  return store;
}

function withoutMeta(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('$')));
}
