import type { Handler, Invocation } from '../../../shared/src/appwrite/entry.js';
import { done } from '../../../shared/src/appwrite/outcome.js';
import type { SceneRecord, VideoRecord } from '../../../shared/src/appwrite/records.js';
import { moveScene, moveVideo } from '../../../shared/src/pipeline/claim.js';
import { isIn, sceneInProgress, sceneWaiting, videoLeased, videoWaiting } from '../../../shared/src/domain/status.js';
import { leaseExpired } from '../../../shared/src/pipeline/lease.js';
import { attemptEnd, endedAttemptPatch } from '../../../shared/src/pipeline/attempt-outcome.js';
import { settleOnKept } from '../../../shared/src/pipeline/layout-repair.js';
import { stageServing } from '../../../shared/src/pipeline/served-status.js';

const QUEUED_GRACE_SECONDS = 10;

/**
 * What a waiting video is handed to: the function that serves it, the event body it would
 * have had, and how long it may wait first. A queued video gets a short grace (its
 * plan-video execution may simply not have started yet); a rendering one the idle time.
 */
type VideoWaker = { functionId: string; body: (video: VideoRecord) => { $id?: string; video_id?: string }; patienceSeconds: (inv: Invocation) => number };
const videoWakers = {
  queued: { functionId: 'plan-video', body: (video: VideoRecord) => video, patienceSeconds: () => QUEUED_GRACE_SECONDS },
  rendering: { functionId: 'combine-video', body: (video: VideoRecord) => ({ video_id: video.$id }), patienceSeconds: (inv: Invocation) => inv.config.idleSeconds },
} satisfies Record<(typeof videoWaiting)[number], VideoWaker>;

/**
 * sweep-stuck: the controller for what events cannot guarantee. Appwrite delivers events at
 * most once and an execution can die at any moment, so on a schedule it
 * - takes back rows whose in-progress lease ran out (scene coding → planned, rendering →
 *   coded, video planning → queued, combining → a fresh combine), and
 * - pokes rows that have waited too long for their event (a `planned`/`coded` scene, a
 *   `queued` video, a `rendering` video whose scenes are all finished) by executing the
 *   function that serves them with the row as the body, just as the event would have.
 * Executed directly, `{ "now": "<ISO time>" }` sweeps as of that time (operators, tests).
 */
export function sweepStuck(): Handler {
  return async (inv) => {
    const now = typeof inv.body.now === 'string' && !Number.isNaN(Date.parse(inv.body.now)) ? new Date(inv.body.now) : inv.now();
    const idleBefore = new Date(now.getTime() - inv.config.idleSeconds * 1000).toISOString();
    const videos = new Map<string, VideoRecord | null>();
    const videoOf = async (id: string) => {
      if (!videos.has(id)) videos.set(id, await inv.store.getVideo(id));
      return videos.get(id) ?? null;
    };
    const counts = { scenesRequeued: 0, videosRequeued: 0, combinesRestarted: 0, poked: 0 };

    for (const scene of await inv.store.listScenesByStatus(sceneInProgress)) {
      if (!leaseExpired(scene.lease_until, now)) continue;
      if (await requeueScene(inv, scene)) counts.scenesRequeued += 1;
    }
    for (const video of await inv.store.listVideosByStatus(videoLeased)) {
      if (!leaseExpired(video.lease_until, now)) continue;
      if (video.status === 'planning') {
        // plan-video listens to creates only (every progress write would start it otherwise),
        // so a video sent back to the queue is handed to it directly.
        const queued = await moveVideo(inv.store, video, 'queued', { lease_until: null });
        if (queued) {
          await poke(inv, 'plan-video', queued);
          counts.videosRequeued += 1;
        }
      } else {
        // The claim is taken back too: combine-video judges a combine lease by its own clock,
        // so a `combining` row it is merely poked about may still look held (a sweep as of a
        // later `now`, clock skew) and the video would never finish.
        const back = await moveVideo(inv.store, video, 'rendering', { lease_until: null });
        if (back) {
          await poke(inv, 'combine-video', { video_id: video.$id });
          counts.combinesRestarted += 1;
        }
      }
    }
    for (const scene of await inv.store.listScenesByStatus(sceneWaiting)) {
      if (scene.$updatedAt > idleBefore) continue;
      const video = await videoOf(scene.video_id);
      if (!video || video.status === 'cancelled') continue;
      const stage = stageServing(scene.status);
      if (!stage) continue;
      await poke(inv, stage, scene);
      counts.poked += 1;
    }
    // A queued video waits for no other event (a user's retry sets `queued` on an existing
    // row, and plan-video hears only creates), so it is picked up on the next sweep.
    for (const video of await inv.store.listVideosByStatus(videoWaiting)) {
      if (!isIn(videoWaiting, video.status)) continue;
      const wake = videoWakers[video.status];
      if (video.$updatedAt > new Date(now.getTime() - wake.patienceSeconds(inv) * 1000).toISOString()) continue;
      await poke(inv, wake.functionId, wake.body(video));
      counts.poked += 1;
    }
    return done('sweep.finished', counts);
  };
}

/**
 * A lapsed coding claim is a failed attempt (the scene goes back to `planned` mid-run while
 * the budget lasts); a lapsed render is retried with the same code once, and is a failed
 * attempt if the same scene's render is lost again, so a scene that always kills its renderer
 * still ends.
 */
async function requeueScene(inv: Invocation, scene: SceneRecord): Promise<boolean> {
  const message = `the ${scene.status} execution stopped before finishing (lease expired at ${scene.lease_until ?? 'unknown'})`;
  if (scene.status === 'rendering' && scene.error_class !== 'lost-render') {
    return (await moveScene(inv.store, scene, 'coded', { lease_until: null, error_class: 'lost-render', error_message: message })) !== null;
  }
  // A lost layout repair ends like any failed repair: on the attempt that already rendered.
  const settled = await settleOnKept(inv.store, scene);
  if (settled.settled) return settled.moved;
  const end = attemptEnd(scene, inv.config.maxAttempts, true);
  const { status, ...patch } = endedAttemptPatch(end, { errorClass: 'lost', message: scene.status === 'coding' ? message : `${message}, twice` });
  return (await moveScene(inv.store, scene, status, patch)) !== null;
}

async function poke(inv: Invocation, functionId: string, body: { $id?: string; video_id?: string }): Promise<void> {
  await inv.executions.start(functionId, body);
  inv.log.info('row.poked', { function: functionId, row: body.$id ?? body.video_id });
}
