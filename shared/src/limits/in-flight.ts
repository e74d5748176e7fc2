import { isIn, videoFinished } from '../domain/status.js';

/** A batch's videos unfinished at once by default: the default `QUOTA_VIDEOS_IN_PROGRESS`. */
export const DEFAULT_IN_FLIGHT = 3;

/**
 * How many more of a batch may be created now: at most `inFlight` of its videos unfinished at
 * once, because the per-user quota of videos in progress refuses the rest.
 */
export function batchRoom(videos: readonly { status: string }[], inFlight: number): number {
  return Math.max(0, inFlight - videos.filter((v) => !isIn(videoFinished, v.status)).length);
}

/**
 * The top-up the CLI's `batch` and the dashboard's form both run: each call creates waiting
 * items, in order, while `batchRoom` allows. Calls run one after another (a change seen
 * during a creation is looked at once it is done, never dropped); a creation that fails
 * rejects that call and every later one, so nothing after it is created.
 */
export function batchTopUp<T>(waiting: T[], videos: () => readonly { status: string }[], inFlight: number, create: (item: T) => Promise<void>): () => Promise<void> {
  let chain = Promise.resolve();
  return () => {
    chain = chain.then(async () => {
      while (waiting.length && batchRoom(videos(), inFlight) > 0) await create(waiting.shift()!);
    });
    return chain;
  };
}
