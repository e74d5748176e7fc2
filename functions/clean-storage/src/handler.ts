import type { Handler, Invocation } from '../../../shared/src/appwrite/entry.js';
import { done, failed, ignored } from '../../../shared/src/appwrite/outcome.js';
import { purgeVideo } from './purge.js';
import { applyRetention, readRetentionConfig } from './retention.js';

/**
 * clean-storage: a deleted video takes everything it owned with it, and old videos shed
 * what they no longer need.
 * - On a `videos` row delete (the dashboard's delete, `explainer delete`, or any client
 *   deleting the row): tombstone the id, then delete its scene and lock rows and every file
 *   named for it in every bucket.
 * - On the schedule (or executed with `{ "now": "<ISO time>" }`): purge tombstoned videos
 *   again (cut-off purges, renders that landed after one), then apply RETAIN_VIDEO_DAYS and
 *   RETAIN_INTERMEDIATE_DAYS.
 */
export function cleanStorage(): Handler {
  return async (inv) => {
    if (inv.trigger === 'event') return onDelete(inv);
    let config;
    try {
      config = readRetentionConfig(inv.config.env);
    } catch (err) {
      return failed(err instanceof Error ? err.message : String(err));
    }
    const now = typeof inv.body.now === 'string' && !Number.isNaN(Date.parse(inv.body.now)) ? new Date(inv.body.now) : inv.now();
    // A render claimed just before the delete may store its clip up to a lease later.
    const tombstoneSeconds = 2 * Math.max(...Object.values(inv.config.leaseSeconds));
    return done('retention.finished', await applyRetention(inv.cleanup, config, now, tombstoneSeconds));
  };
}

async function onDelete(inv: Invocation) {
  if (!inv.eventName?.endsWith('.delete')) return ignored(`not a delete event (${inv.eventName ?? 'none'})`);
  const videoId = typeof inv.body.$id === 'string' ? inv.body.$id : '';
  if (!videoId) return ignored('the event carries no row id');
  // The event may be replayed or forged; only a video that is really gone is purged.
  if (await inv.store.getVideo(videoId)) return ignored('the video still exists');
  await inv.cleanup.writeTombstone(videoId);
  return done('video.purged', { video: videoId, ...(await purgeVideo(inv.cleanup, videoId)) });
}
