import { writeFile } from 'node:fs/promises';
import { Query } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { uploadInOrder } from './chunked-upload.js';
import { fileTokenSecret, withToken } from './file-tokens.js';
import type { Services } from './services.js';
import { isAlreadyExists, isNotFound, isUpdateConflict } from './services.js';
import { SceneRecord, VideoRecord, type ScenePatch, type VideoPatch } from './records.js';
import type { OwnedFileName } from '../domain/file-owner.js';

export const tableIds = { videos: 'videos', scenes: 'scenes', locks: 'locks' } as const;
export const bucketIds = { code: 'code', clips: 'clips', audio: 'audio', finals: 'finals', logs: 'logs', thumbnails: 'thumbnails' } as const;
export type BucketId = (typeof bucketIds)[keyof typeof bucketIds];

/** A file to upload from disk. */
export type FileOnDisk = { path: string };

/** A guarded write lost the race: the row changed since it was read. */
export const conflict = Symbol('conflict');
export type Conflict = typeof conflict;

/**
 * Row and file access for the pipeline, in the pipeline's words. Handlers receive a Store,
 * so they can be exercised against the real local server or any other implementation.
 */
export type Store = {
  getVideo(id: string): Promise<VideoRecord | null>;
  getScene(id: string): Promise<SceneRecord | null>;
  listScenes(videoId: string): Promise<SceneRecord[]>;
  /** Rows of a table in the given statuses, oldest update first (for the sweeper). */
  listVideosByStatus(statuses: readonly string[], limit?: number): Promise<VideoRecord[]>;
  listScenesByStatus(statuses: readonly string[], limit?: number): Promise<SceneRecord[]>;
  /** `completed` videos, last updated first (the ETA's history: a completed row changes little after it finishes). */
  listRecentCompleted(limit: number): Promise<VideoRecord[]>;
  /** `ifUpdatedAt` makes the write a compare-and-set: it answers `conflict` if the row moved on. */
  /** `permissions` replaces the row's permissions in the same write (the pipeline sets them). */
  updateVideo(id: string, patch: VideoPatch, opts?: { ifUpdatedAt?: string; permissions?: string[] }): Promise<VideoRecord | Conflict>;
  updateScene(id: string, patch: ScenePatch, opts?: { ifUpdatedAt?: string }): Promise<SceneRecord | Conflict>;
  /** 'exists' is the answer to a deterministic id created before: already done, not an error. */
  createScene(id: string, data: Record<string, unknown>, permissions: string[]): Promise<'created' | 'exists'>;
  createLock(id: string, data: { video_id: string; purpose: string }): Promise<'created' | 'exists'>;
  /** `content` is the bytes, or a file on disk that is uploaded in chunks without being read whole. */
  putFile(bucket: BucketId, id: string, content: Uint8Array | FileOnDisk, name: OwnedFileName, permissions: string[]): Promise<'created' | 'exists'>;
  readFile(bucket: BucketId, id: string): Promise<Buffer>;
  /** Writes the file to `path` (the combine reads clips from disk, one at a time). */
  saveFile(bucket: BucketId, id: string, path: string): Promise<void>;
  /** The file's read permissions, or null when it does not exist. */
  fileReaders(bucket: BucketId, id: string): Promise<string[] | null>;
  /** The file's view URL, for a file read with the API key (code). */
  fileUrl(bucket: BucketId, id: string): string;
  /** The file's view URL with a file token: what a `<video>`, a picture or a download link on any domain can open (file-tokens.ts). */
  playableUrl(bucket: BucketId, id: string): Promise<string>;
};

export function createStore(services: Services, where: { endpoint: string; projectId: string; databaseId: string }): Store {
  const db = where.databaseId;
  const { tables, storage, tokens } = services;

  async function getRow<T>(tableId: string, id: string, parse: (v: unknown) => T): Promise<T | null> {
    try {
      return parse(await tables.getRow({ databaseId: db, tableId, rowId: id }));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async function updateRow<T>(tableId: string, id: string, patch: object, parse: (v: unknown) => T, ifUpdatedAt?: string, permissions?: string[]): Promise<T | Conflict> {
    const api = ifUpdatedAt ? services.guarded(ifUpdatedAt) : tables;
    try {
      return parse(await api.updateRow({ databaseId: db, tableId, rowId: id, data: patch as Record<string, unknown>, ...(permissions ? { permissions } : {}) }));
    } catch (err) {
      if (isUpdateConflict(err)) return conflict;
      throw err;
    }
  }

  async function listAll<T>(tableId: string, queries: string[], parse: (v: unknown) => T): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await tables.listRows({
        databaseId: db,
        tableId,
        queries: [...queries, Query.limit(100), ...(cursor ? [Query.cursorAfter(cursor)] : [])],
      });
      for (const row of page.rows) out.push(parse(row));
      if (page.rows.length < 100) return out;
      cursor = page.rows[page.rows.length - 1]?.$id;
    }
  }

  const video = (v: unknown) => VideoRecord.parse(v);
  const scene = (v: unknown) => SceneRecord.parse(v);

  return {
    getVideo: (id) => getRow(tableIds.videos, id, video),
    getScene: (id) => getRow(tableIds.scenes, id, scene),
    listScenes: (videoId) => listAll(tableIds.scenes, [Query.equal('video_id', videoId), Query.orderAsc('scene_number')], scene),
    listVideosByStatus: async (statuses, limit = 100) => (await tables.listRows({
      databaseId: db, tableId: tableIds.videos, queries: [Query.equal('status', [...statuses]), Query.orderAsc('$updatedAt'), Query.limit(limit)],
    })).rows.map(video),
    listScenesByStatus: async (statuses, limit = 100) => (await tables.listRows({
      databaseId: db, tableId: tableIds.scenes, queries: [Query.equal('status', [...statuses]), Query.orderAsc('$updatedAt'), Query.limit(limit)],
    })).rows.map(scene),
    listRecentCompleted: async (limit) => (await tables.listRows({
      databaseId: db, tableId: tableIds.videos, queries: [Query.equal('status', ['completed']), Query.orderDesc('$updatedAt'), Query.limit(limit)],
    })).rows.map(video),
    updateVideo: (id, patch, opts = {}) => updateRow(tableIds.videos, id, patch, video, opts.ifUpdatedAt, opts.permissions),
    updateScene: (id, patch, opts = {}) => updateRow(tableIds.scenes, id, patch, scene, opts.ifUpdatedAt),
    async createScene(id, data, permissions) {
      try {
        await tables.createRow({ databaseId: db, tableId: tableIds.scenes, rowId: id, data, permissions });
        return 'created';
      } catch (err) {
        if (isAlreadyExists(err)) return 'exists';
        throw err;
      }
    },
    async createLock(id, data) {
      try {
        await tables.createRow({ databaseId: db, tableId: tableIds.locks, rowId: id, data, permissions: [] });
        return 'created';
      } catch (err) {
        if (isAlreadyExists(err)) return 'exists';
        throw err;
      }
    },
    async putFile(bucket, id, content, name, permissions) {
      const file = content instanceof Uint8Array ? InputFile.fromBuffer(content, name) : InputFile.fromPath(content.path, name);
      try {
        return await uploadInOrder(storage, { bucketId: bucket, fileId: id, file, permissions });
      } catch (err) {
        if (isAlreadyExists(err)) return 'exists';
        throw err;
      }
    },
    async readFile(bucket, id) {
      const data = await storage.getFileDownload({ bucketId: bucket, fileId: id });
      return Buffer.from(data);
    },
    async saveFile(bucket, id, path) {
      await writeFile(path, new Uint8Array(await storage.getFileDownload({ bucketId: bucket, fileId: id })));
    },
    async fileReaders(bucket, id) {
      try {
        const file = await storage.getFile({ bucketId: bucket, fileId: id });
        return file.$permissions.filter((p) => p.startsWith('read('));
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    fileUrl: (bucket, id) => fileViewUrl(where.endpoint, where.projectId, bucket, id),
    playableUrl: async (bucket, id) => withToken(fileViewUrl(where.endpoint, where.projectId, bucket, id), await fileTokenSecret(tokens, bucket, id)),
  };
}

/** A file's view URL: the form stored in rows (media URLs with a file token added). */
export function fileViewUrl(endpoint: string, projectId: string, bucket: string, id: string): string {
  return `${endpoint.replace(/\/+$/, '')}/storage/buckets/${encodeURIComponent(bucket)}/files/${encodeURIComponent(id)}/view?project=${encodeURIComponent(projectId)}`;
}
