import { Client, ID, Permission, Query, Role, Storage, TablesDB } from 'node-appwrite';
import { SceneRow } from '../../shared/src/domain/scene.js';
import { VideoRow } from '../../shared/src/domain/video.js';
import { presentVideo, recordedResults } from '../../shared/src/limits/result.js';
import type { CliConfig } from './config.js';

/** The videos and scenes tables as the CLI sees them, over the server SDK with the API key. */
export type Studio = ReturnType<typeof createStudio>;

export type NewVideo = {
  topic: string;
  description?: string | undefined;
  quality?: string | undefined;
  aspect_ratio?: string | undefined;
  provider?: string | undefined;
  voice?: string | undefined;
  max_scenes?: number | undefined;
  /** The batch the video belongs to (`explainer batch`, the dashboard's several topics). */
  batch_id?: string | undefined;
  priority?: string | undefined;
};

const SCENE_PAGE = 100;

export function createStudio(config: CliConfig) {
  const client = new Client().setEndpoint(config.endpoint).setProject(config.projectId).setKey(config.apiKey);
  const tables = new TablesDB(client);
  const storage = new Storage(client);
  const db = config.databaseId;

  /** Rows as the ledger backs them: a status, file id or URL a user wrote is not believed. */
  async function present(rows: VideoRow[]): Promise<VideoRow[]> {
    const ids = rows.map((r) => r.$id);
    if (ids.length === 0) return rows;
    const results = await tables.listRows({ databaseId: db, tableId: 'ledger', queries: [Query.equal('kind', 'result'), Query.equal('video_id', ids), Query.limit(5000)] });
    const recorded = recordedResults(results.rows);
    return rows.map((r) => presentVideo(r, recorded));
  }

  return {
    /**
     * Creates the row; the table's own schema is the judge of the values, so whatever it
     * refuses comes back as Appwrite's error. `ownerId` is the CLI's user: Realtime only tells
     * a user about rows that user may read.
     */
    async createVideo(input: NewVideo, ownerId: string | null): Promise<VideoRow> {
      const data: Record<string, unknown> = { topic: input.topic };
      for (const key of ['description', 'quality', 'aspect_ratio', 'provider', 'voice', 'max_scenes', 'batch_id', 'priority'] as const) {
        if (input[key] !== undefined) data[key] = input[key];
      }
      const permissions = ownerId ? [Permission.read(Role.user(ownerId)), Permission.update(Role.user(ownerId)), Permission.delete(Role.user(ownerId))] : undefined;
      if (ownerId) data.owner = ownerId;
      const row = await tables.createRow({ databaseId: db, tableId: 'videos', rowId: ID.unique(), data, ...(permissions ? { permissions } : {}) });
      return VideoRow.parse(row);
    },
    async getVideo(videoId: string): Promise<VideoRow> {
      const [video] = await present([VideoRow.parse(await tables.getRow({ databaseId: db, tableId: 'videos', rowId: videoId }))]);
      return video!;
    },
    async listVideos(limit: number): Promise<VideoRow[]> {
      const list = await tables.listRows({ databaseId: db, tableId: 'videos', queries: [Query.orderDesc('$createdAt'), Query.limit(limit)] });
      return present(list.rows.map((r) => VideoRow.parse(r)));
    },
    async listBatch(batchId: string): Promise<VideoRow[]> {
      const list = await tables.listRows({ databaseId: db, tableId: 'videos', queries: [Query.equal('batch_id', batchId), Query.orderAsc('$createdAt'), Query.limit(100)] });
      return list.rows.map((r) => VideoRow.parse(r));
    },
    /** Every row of a table (the project's, with the key), for stats. */
    async allRows(tableId: 'videos' | 'scenes'): Promise<Record<string, unknown>[]> {
      const out: Record<string, unknown>[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await tables.listRows({ databaseId: db, tableId, queries: [Query.limit(100), ...(cursor ? [Query.cursorAfter(cursor)] : [])] });
        out.push(...(page.rows as unknown as Record<string, unknown>[]));
        if (page.rows.length < 100) return out;
        cursor = page.rows[page.rows.length - 1]?.$id;
      }
    },
    /** Every file of every bucket: its bucket and size, for stats. */
    async allFiles(): Promise<{ bucketId: string; sizeOriginal: number }[]> {
      const out: { bucketId: string; sizeOriginal: number }[] = [];
      for (const bucket of (await storage.listBuckets({ queries: [Query.limit(100)] })).buckets) {
        let cursor: string | undefined;
        for (;;) {
          const page = await storage.listFiles({ bucketId: bucket.$id, queries: [Query.limit(100), ...(cursor ? [Query.cursorAfter(cursor)] : [])] });
          out.push(...page.files.map((f) => ({ bucketId: bucket.$id, sizeOriginal: f.sizeOriginal })));
          if (page.files.length < 100) break;
          cursor = page.files[page.files.length - 1]?.$id;
        }
      }
      return out;
    },
    async listScenes(videoId: string): Promise<SceneRow[]> {
      const list = await tables.listRows({
        databaseId: db,
        tableId: 'scenes',
        queries: [Query.equal('video_id', videoId), Query.orderAsc('scene_number'), Query.limit(SCENE_PAGE)],
      });
      return list.rows.map((r) => SceneRow.parse(r));
    },
    async getScene(sceneId: string): Promise<SceneRow> {
      return SceneRow.parse(await tables.getRow({ databaseId: db, tableId: 'scenes', rowId: sceneId }));
    },
    async updateVideo(videoId: string, data: Record<string, unknown>): Promise<VideoRow> {
      return VideoRow.parse(await tables.updateRow({ databaseId: db, tableId: 'videos', rowId: videoId, data }));
    },
    async updateScene(sceneId: string, data: Record<string, unknown>): Promise<SceneRow> {
      return SceneRow.parse(await tables.updateRow({ databaseId: db, tableId: 'scenes', rowId: sceneId, data }));
    },
    /** Deleting the row is the whole request: clean-storage hears the delete and removes the rest. */
    async deleteVideo(videoId: string): Promise<void> {
      await tables.deleteRow({ databaseId: db, tableId: 'videos', rowId: videoId });
    },
    async downloadFinal(fileId: string): Promise<Uint8Array> {
      return new Uint8Array(await storage.getFileDownload({ bucketId: 'finals', fileId }));
    },
  };
}
