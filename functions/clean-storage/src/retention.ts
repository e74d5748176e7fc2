import { z } from 'zod';
import { bucketIds } from '../../../shared/src/appwrite/store.js';
import type { Cleanup } from '../../../shared/src/housekeeping/cleanup.js';
import { deleteVideoFiles, purgeVideo } from './purge.js';

/** `off` (or 0) keeps forever; otherwise a number of days. */
const Days = (fallback: number | null) => z.union([z.literal('off').transform(() => null), z.coerce.number().nonnegative()])
  .optional().transform((v) => (v === undefined ? fallback : v === 0 ? null : v));

export const RetentionConfig = z.object({
  /** Code, clips, logs and audio of a finished video: what a re-run needs, not what a viewer does. */
  intermediateDays: Days(7),
  /** The whole video, final file included; off unless set. */
  videoDays: Days(null),
});
export type RetentionConfig = z.infer<typeof RetentionConfig>;

export function readRetentionConfig(env: Record<string, string>): RetentionConfig {
  const parsed = RetentionConfig.safeParse({ intermediateDays: env.RETAIN_INTERMEDIATE_DAYS || undefined, videoDays: env.RETAIN_VIDEO_DAYS || undefined });
  if (!parsed.success) throw new Error(`RETAIN_INTERMEDIATE_DAYS / RETAIN_VIDEO_DAYS must be a number of days or "off" (${parsed.error.issues.map((i) => i.message).join('; ')})`);
  return parsed.data;
}

/** The buckets whose files of a finished video are intermediate; the ones that exist are cleaned. */
export const intermediateBuckets: readonly string[] = [bucketIds.code, bucketIds.clips, bucketIds.logs, 'audio'];

export type RetentionCounts = { tombstonesPurged: number; tombstonesDropped: number; videosExpired: number; intermediatesDeleted: number; files: number };

/** Videos handled per pass, so one execution stays far from its timeout; the next pass goes on. */
const BATCH = 50;

/**
 * One scheduled pass: finish purges of deleted videos, expire whole videos past
 * `videoDays`, and delete the intermediate files of videos finished `intermediateDays` ago.
 */
export async function applyRetention(cleanup: Cleanup, config: RetentionConfig, now: Date, tombstoneSeconds: number): Promise<RetentionCounts> {
  const counts: RetentionCounts = { tombstonesPurged: 0, tombstonesDropped: 0, videosExpired: 0, intermediatesDeleted: 0, files: 0 };
  const dropBefore = new Date(now.getTime() - tombstoneSeconds * 1000).toISOString();
  for (const stone of await cleanup.tombstones()) {
    // A row under the same id again is a new video (ids are the creator's choice): not ours to purge.
    if (!(await cleanup.videoExists(stone.videoId))) {
      counts.files += (await purgeVideo(cleanup, stone.videoId)).files;
      counts.tombstonesPurged += 1;
    }
    if (stone.createdAt < dropBefore && (await cleanup.deleteRow('locks', stone.rowId))) counts.tombstonesDropped += 1;
  }

  if (config.videoDays !== null) {
    for (const video of await cleanup.finishedBefore(daysBefore(now, config.videoDays), { keptIntermediates: false, limit: BATCH })) {
      await cleanup.writeTombstone(video.$id);
      await cleanup.deleteRow('videos', video.$id);
      counts.files += (await purgeVideo(cleanup, video.$id)).files;
      counts.videosExpired += 1;
    }
  }

  if (config.intermediateDays !== null) {
    const existing = new Set(await cleanup.bucketIds());
    const buckets = intermediateBuckets.filter((b) => existing.has(b));
    for (const video of await cleanup.finishedBefore(daysBefore(now, config.intermediateDays), { keptIntermediates: true, limit: BATCH })) {
      counts.files += await deleteVideoFiles(cleanup, video.$id, buckets);
      // A cancelled video has no finished_at; the time it was last changed stands in, so
      // RETAIN_VIDEO_DAYS counts from then and not from this write.
      await cleanup.markIntermediatesDeleted(video.$id, now.toISOString(), video.finished_at ?? video.$updatedAt);
      counts.intermediatesDeleted += 1;
    }
  }
  return counts;
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}
