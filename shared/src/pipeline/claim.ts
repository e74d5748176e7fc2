import type { SceneRecord, ScenePatch, VideoPatch, VideoRecord } from '../appwrite/records.js';
import { conflict, type Store } from '../appwrite/store.js';
import { assertSceneTransition, assertVideoTransition, type SceneStatus, type VideoStatus } from '../domain/status.js';

/**
 * Moves a row to a new status through the transition table, as a compare-and-set against the
 * version that was read: if anything wrote the row since (a duplicate event's execution, the
 * user, the sweeper), the move answers `null` and the caller backs off. This is what makes a
 * claim exclusive, and what stops a stale execution from overwriting newer state.
 */
export async function moveScene(store: Store, scene: SceneRecord, to: SceneStatus, patch: ScenePatch = {}): Promise<SceneRecord | null> {
  assertSceneTransition(scene.status, to);
  const next = await store.updateScene(scene.$id, { ...patch, status: to }, { ifUpdatedAt: scene.$updatedAt });
  return next === conflict ? null : next;
}

/** `permissions`, when given, replace the row's permissions in the same compare-and-set. */
export async function moveVideo(store: Store, video: VideoRecord, to: VideoStatus, patch: VideoPatch = {}, permissions?: string[]): Promise<VideoRecord | null> {
  assertVideoTransition(video.status, to);
  const next = await store.updateVideo(video.$id, { ...patch, status: to }, { ifUpdatedAt: video.$updatedAt, ...(permissions ? { permissions } : {}) });
  return next === conflict ? null : next;
}

/** A guarded patch that keeps the status (progress, usage); `null` when the row moved on. */
export async function patchVideo(store: Store, video: VideoRecord, patch: VideoPatch): Promise<VideoRecord | null> {
  const next = await store.updateVideo(video.$id, patch, { ifUpdatedAt: video.$updatedAt });
  return next === conflict ? null : next;
}

/** A guarded patch of a scene that keeps its status (the speech code-scene prepares); `null` when the row moved on. */
export async function patchScene(store: Store, scene: SceneRecord, patch: ScenePatch): Promise<SceneRecord | null> {
  const next = await store.updateScene(scene.$id, patch, { ifUpdatedAt: scene.$updatedAt });
  return next === conflict ? null : next;
}

/**
 * Applies `change` to the freshest copy of the video, retrying on conflicts: for writes
 * many executions make concurrently (progress, usage totals) that must not be lost.
 * `change` returns null when nothing needs writing.
 */
export async function updateVideoWithRetry(
  store: Store,
  videoId: string,
  change: (video: VideoRecord) => VideoPatch | null,
  tries = 8,
): Promise<VideoRecord | null> {
  for (let i = 0; i < tries; i++) {
    const video = await store.getVideo(videoId);
    if (!video) return null;
    const patch = change(video);
    if (!patch) return video;
    const to = patch.status as VideoStatus | undefined;
    if (to && to !== video.status) assertVideoTransition(video.status, to);
    const next = await store.updateVideo(videoId, patch, { ifUpdatedAt: video.$updatedAt });
    if (next !== conflict) return next;
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (i + 1)));
  }
  throw new Error(`video ${videoId}: gave up after ${tries} conflicting updates`);
}
