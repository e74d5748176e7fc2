/** A video as retention sees it. */
export type FinishedVideo = { $id: string; $updatedAt: string; finished_at: string | null };

/**
 * What clean-storage needs from tables and buckets, in its words: rows and files are found by
 * the video they belong to (scene and lock rows by `video_id`, files by their owner name).
 */
export type Cleanup = {
  bucketIds(): Promise<string[]>;
  /** Ids of the files named for this video (`<videoId>~…`) in one bucket. */
  videoFiles(bucketId: string, videoId: string): Promise<string[]>;
  /** A file already gone counts as deleted. */
  deleteFile(bucketId: string, fileId: string): Promise<void>;
  rowsOfVideo(tableId: 'scenes' | 'locks', videoId: string): Promise<string[]>;
  /** False when the row was already gone. */
  deleteRow(tableId: 'videos' | 'scenes' | 'locks', rowId: string): Promise<boolean>;
  videoExists(videoId: string): Promise<boolean>;
  writeTombstone(videoId: string): Promise<void>;
  tombstones(): Promise<{ rowId: string; videoId: string; createdAt: string }[]>;
  /**
   * Finished videos whose finish is before `cutoff` (a cancelled one without `finished_at`:
   * its last change), oldest first; `keptIntermediates` only those whose files are all there.
   */
  finishedBefore(cutoff: string, opts: { keptIntermediates: boolean; limit: number }): Promise<FinishedVideo[]>;
  markIntermediatesDeleted(videoId: string, at: string, finishedAt: string): Promise<void>;
};

/**
 * The tombstone of a deleted video: a `locks` row (purpose `purge`) written before anything is
 * removed, so a purge cut off half-way, or a clip stored by a render still in flight, is
 * purged again by the schedule.
 */
export const TOMBSTONE_PURPOSE = 'purge';
export { tombstoneId } from '../domain/ids.js';
