import { Query, type Models } from 'node-appwrite';
import { isAlreadyExists, isNotFound, type Services } from '../appwrite/services.js';
import { tableIds } from '../appwrite/store.js';
import { deleteFile, listBucketIds, listVideoFiles } from '../appwrite/video-files.js';
import { videoFinished } from '../domain/status.js';
import { TOMBSTONE_PURPOSE, tombstoneId, type Cleanup, type FinishedVideo } from './cleanup.js';

type Row = Models.Row & Record<string, unknown>;

/** The Cleanup port over TablesDB and Storage, through the function's key. */
export function createAppwriteCleanup(services: Services, databaseId: string): Cleanup {
  const { tables, storage } = services;
  const at = { databaseId };

  // Deleting while paging would shift the pages, so a whole list is read first.
  async function listAll(tableId: string, queries: string[]): Promise<Row[]> {
    const out: Row[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await tables.listRows({ ...at, tableId, queries: [...queries, Query.limit(100), ...(cursor ? [Query.cursorAfter(cursor)] : [])] });
      out.push(...(page.rows as Row[]));
      if (page.rows.length < 100) return out;
      cursor = page.rows[page.rows.length - 1]?.$id;
    }
  }

  const finished = (row: Row): FinishedVideo => ({ $id: row.$id, $updatedAt: row.$updatedAt, finished_at: typeof row.finished_at === 'string' ? row.finished_at : null });

  return {
    bucketIds: () => listBucketIds(storage),
    videoFiles: async (bucketId, videoId) => (await listVideoFiles(storage, bucketId, videoId)).map((f) => f.$id),
    deleteFile: (bucketId, fileId) => deleteFile(storage, bucketId, fileId),
    rowsOfVideo: async (tableId, videoId) => (await listAll(tableIds[tableId], [Query.equal('video_id', videoId)])).map((r) => r.$id),
    async deleteRow(tableId, rowId) {
      try {
        await tables.deleteRow({ ...at, tableId: tableIds[tableId], rowId });
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
    async videoExists(videoId) {
      try {
        await tables.getRow({ ...at, tableId: tableIds.videos, rowId: videoId });
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
    async writeTombstone(videoId) {
      try {
        await tables.createRow({ ...at, tableId: tableIds.locks, rowId: tombstoneId(videoId), data: { video_id: videoId, purpose: TOMBSTONE_PURPOSE }, permissions: [] });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    },
    tombstones: async () => (await listAll(tableIds.locks, [Query.equal('purpose', TOMBSTONE_PURPOSE), Query.orderAsc('$createdAt')]))
      .map((r) => ({ rowId: r.$id, videoId: String(r.video_id), createdAt: r.$createdAt })),
    async finishedBefore(cutoff, opts) {
      const list = (queries: string[]) => tables.listRows({
        ...at, tableId: tableIds.videos,
        queries: [Query.equal('status', [...videoFinished]), ...(opts.keptIntermediates ? [Query.isNull('intermediates_deleted_at')] : []), ...queries, Query.limit(opts.limit)],
      });
      const [stamped, unstamped] = await Promise.all([
        list([Query.lessThan('finished_at', cutoff), Query.orderAsc('finished_at')]),
        list([Query.isNull('finished_at'), Query.lessThan('$updatedAt', cutoff), Query.orderAsc('$updatedAt')]),
      ]);
      return [...(stamped.rows as Row[]), ...(unstamped.rows as Row[])].map(finished);
    },
    async markIntermediatesDeleted(videoId, when, finishedAt) {
      await tables.updateRow({ ...at, tableId: tableIds.videos, rowId: videoId, data: { intermediates_deleted_at: when, finished_at: finishedAt } });
    },
  };
}
