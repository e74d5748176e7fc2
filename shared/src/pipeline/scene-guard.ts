import type { Invocation } from '../appwrite/entry.js';
import { ignored, type Outcome } from '../appwrite/outcome.js';
import type { SceneRecord, VideoRecord } from '../appwrite/records.js';
import { servedStatus } from './served-status.js';

export type GuardedScene = { scene: SceneRecord; video: VideoRecord };

/**
 * How every scene stage starts: re-read the scene (the event body can be stale), act only
 * when it is in the status this function serves and its video is not cancelled. Answers the
 * fresh rows, or the `ignored` outcome to return.
 */
export async function guardScene(inv: Invocation, fn: 'code-scene' | 'render-scene'): Promise<GuardedScene | Outcome> {
  const served = servedStatus[fn];
  if (inv.body.status !== undefined && inv.body.status !== served) return ignored(`event for a ${String(inv.body.status)} scene`);
  if (typeof inv.body.$id !== 'string') return ignored('no scene id in the body');
  const scene = await inv.store.getScene(inv.body.$id);
  if (!scene || scene.status !== served) return ignored(`scene is ${scene?.status ?? 'gone'}`);
  const video = await inv.store.getVideo(scene.video_id);
  if (!video) return ignored('the scene has no video');
  if (video.status === 'cancelled') return ignored('video cancelled');
  return { scene, video };
}
