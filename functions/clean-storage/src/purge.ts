import type { Cleanup } from '../../../shared/src/housekeeping/cleanup.js';
import { tombstoneId } from '../../../shared/src/housekeeping/cleanup.js';

export type Purged = { scenes: number; locks: number; files: number };

/**
 * Removes what a deleted video owned: its scene rows, its lock rows (the tombstone stays)
 * and its files in every bucket, found by owner name. Only rows whose `video_id` is this
 * video and files named for it are touched.
 */
export async function purgeVideo(cleanup: Cleanup, videoId: string): Promise<Purged> {
  const purged: Purged = { scenes: 0, locks: 0, files: 0 };
  for (const id of await cleanup.rowsOfVideo('scenes', videoId)) {
    if (await cleanup.deleteRow('scenes', id)) purged.scenes += 1;
  }
  for (const id of await cleanup.rowsOfVideo('locks', videoId)) {
    if (id !== tombstoneId(videoId) && (await cleanup.deleteRow('locks', id))) purged.locks += 1;
  }
  purged.files = await deleteVideoFiles(cleanup, videoId, await cleanup.bucketIds());
  return purged;
}

/** Deletes the video's files in the given buckets; answers how many there were. */
export async function deleteVideoFiles(cleanup: Cleanup, videoId: string, bucketIds: readonly string[]): Promise<number> {
  let count = 0;
  for (const bucketId of bucketIds) {
    for (const fileId of await cleanup.videoFiles(bucketId, videoId)) {
      await cleanup.deleteFile(bucketId, fileId);
      count += 1;
    }
  }
  return count;
}
