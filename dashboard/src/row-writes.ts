import { ID, Permission, Role } from 'appwrite';
import { DATABASE_ID, TABLES, type Backend } from './backend.js';
import type { LiveRows } from './live-rows.js';
import type { RowUpdate } from '../../shared/src/domain/user-actions.js';
import type { NewVideo } from './video-input.js';

/** Create the user's video row; only its owner may read, change or delete it. */
export async function createVideo(backend: Backend, live: LiveRows, userId: string, input: NewVideo, batchId: string | null = null): Promise<string> {
  const { max_scenes, ...rest } = input;
  const owner = Role.user(userId);
  const row = await backend.tables.createRow({
    databaseId: DATABASE_ID,
    tableId: TABLES.videos,
    rowId: ID.unique(),
    data: { ...rest, ...(max_scenes === null ? {} : { max_scenes }), ...(batchId ? { batch_id: batchId } : {}), owner: userId },
    permissions: [Permission.read(owner), Permission.update(owner), Permission.delete(owner)],
  });
  live.put('videos', row);
  return row.$id;
}

/** Apply the row writes an action planned, one after another, showing each result at once. */
export async function applyUpdates(backend: Backend, live: LiveRows, updates: readonly RowUpdate[]): Promise<void> {
  for (const update of updates) {
    const row = await backend.tables.updateRow({
      databaseId: DATABASE_ID,
      tableId: update.table,
      rowId: update.rowId,
      data: update.data,
    });
    live.put(update.table, row);
  }
}

/**
 * Delete the user's video: the row is the whole request (the owner may delete it), and
 * clean-storage, hearing the delete, removes its scenes and every file of it.
 */
export async function deleteVideo(backend: Backend, live: LiveRows, videoId: string): Promise<void> {
  await backend.tables.deleteRow({ databaseId: DATABASE_ID, tableId: TABLES.videos, rowId: videoId });
  live.forgetVideo(videoId);
  for (const scene of live.scenes.values()) if (scene.video_id === videoId) live.scenes.delete(scene.$id);
}
