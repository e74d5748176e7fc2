import type { SceneRecord, VideoPatch, VideoRecord } from '../appwrite/records.js';
import { combineLockId, finalFileId } from '../domain/ids.js';
import { progressToWrite, scenesProgress } from '../domain/progress.js';
import { isIn, sceneFinished, videoDecidedByScenes } from '../domain/status.js';

/**
 * What the video row should become, given its scenes. Pure, so the fan-in rules are tested
 * without I/O; combine-video carries the decision out.
 */
export type VideoDecision =
  | { kind: 'none'; reason: string }
  | { kind: 'progress'; patch: VideoPatch }
  | { kind: 'combine'; mode: 'final' | 'partial'; clips: { sceneNumber: number; fileId: string; duration: number | null }[]; lockId: string; fileId: string; failed: SceneRecord[] }
  | { kind: 'fail'; message: string; failed: SceneRecord[] };

export function decideVideo(video: VideoRecord, scenes: readonly SceneRecord[]): VideoDecision {
  if (!isIn(videoDecidedByScenes, video.status)) {
    return { kind: 'none', reason: `video is ${video.status}` };
  }
  const sorted = [...scenes].sort((a, b) => a.scene_number - b.scene_number);
  const expected = video.scene_count ?? sorted.length;
  if (sorted.length === 0) return { kind: 'none', reason: 'no scenes yet' };

  const allCreated = sorted.length >= expected;
  const finished = sorted.every((s) => isIn(sceneFinished, s.status));
  const rendered = sorted.filter((s) => s.status === 'rendered' && s.video_file_id);
  const failed = sorted.filter((s) => s.status === 'failed');

  if (allCreated && finished && rendered.length === sorted.length) {
    const clips = rendered.map((s) => ({ sceneNumber: s.scene_number, fileId: s.video_file_id as string, duration: s.duration_seconds }));
    const ids = clips.map((c) => c.fileId);
    const fileId = finalFileId(video.$id, ids);
    if (video.status === 'completed' && video.combined_video_id === fileId) return { kind: 'none', reason: 'final video is current' };
    return { kind: 'combine', mode: 'final', clips, lockId: combineLockId(video.$id, ids), fileId, failed: [] };
  }

  if (allCreated && finished) {
    const message = failureMessage(failed);
    if (rendered.length === 0) {
      if (video.status === 'failed' && video.error_message === message) return { kind: 'none', reason: 'already failed' };
      return { kind: 'fail', message, failed };
    }
    const clips = rendered.map((s) => ({ sceneNumber: s.scene_number, fileId: s.video_file_id as string, duration: s.duration_seconds }));
    // A partial video gets its own lock and file ids, apart from a final of the same clips.
    const ids = ['partial', ...clips.map((c) => c.fileId)];
    const fileId = finalFileId(video.$id, ids);
    if (video.status === 'failed' && video.partial_video_id === fileId) return { kind: 'none', reason: 'partial video is current' };
    return { kind: 'combine', mode: 'partial', clips, lockId: combineLockId(video.$id, ids), fileId, failed };
  }

  // Work is under way: a finished video whose scene was re-run starts a new run.
  const newRun = video.status === 'completed' || video.status === 'failed';
  const computed = scenesProgress(expected, sorted);
  const progress = progressToWrite({ previous: video.progress, computed: computed.progress, newRun });
  const patch: VideoPatch = {};
  if (video.status !== 'rendering') patch.status = 'rendering';
  if (progress !== video.progress) patch.progress = progress;
  if (computed.current_scene !== null && computed.current_scene !== video.current_scene) patch.current_scene = computed.current_scene;
  if (newRun) Object.assign(patch, { error_message: null, finished_at: null });
  if (Object.keys(patch).length === 0) return { kind: 'none', reason: 'progress unchanged' };
  return { kind: 'progress', patch };
}

/** The video's error message: which scenes failed and why, short enough for the row. */
export function failureMessage(failed: readonly SceneRecord[]): string {
  const parts = failed.map((s) => `scene ${s.scene_number}${s.title ? ` ("${s.title}")` : ''}: ${s.error_class ? `${s.error_class} — ` : ''}${s.error_message ?? 'failed'}`);
  const text = `${failed.length === 1 ? '1 scene' : `${failed.length} scenes`} failed. ${parts.join('; ')}`;
  return text.length > 1900 ? `${text.slice(0, 1899)}…` : text;
}
