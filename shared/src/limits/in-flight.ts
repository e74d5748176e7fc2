import { isIn, videoFinished } from '../domain/status.js';

/** A batch's videos unfinished at once by default: the default `QUOTA_VIDEOS_IN_PROGRESS`. */
export const DEFAULT_IN_FLIGHT = 3;

/**
 * How many more of a batch may be created now: at most `inFlight` of its videos unfinished at
 * once, because the per-user quota of videos in progress refuses the rest. The CLI's `batch`
 * and the dashboard's form both hold topics back by this rule.
 */
export function batchRoom(videos: readonly { status: string }[], inFlight: number): number {
  return Math.max(0, inFlight - videos.filter((v) => !isIn(videoFinished, v.status)).length);
}
