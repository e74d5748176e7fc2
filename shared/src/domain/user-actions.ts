import { Narration } from './narration.js';
import { canMoveScene, canMoveVideo, isIn, sceneInProgress, videoBusy, type SceneStatus, type VideoStatus } from './status.js';

/**
 * What a person can do to a video or a scene, as the row write the pipeline reacts to: the
 * whole protocol between a client (dashboard, CLI) and the functions. Each action answers the
 * update to make, or why it cannot be done now, in words the client shows as they are.
 */
export type RowUpdate =
  | { table: 'videos'; rowId: string; data: { status: VideoStatus } }
  | { table: 'scenes'; rowId: string; data: { status: SceneStatus; narration?: string } };

export type Action = { ok: true; update: RowUpdate } | { ok: false; reason: string };

type SceneLike = { $id: string; status: SceneStatus; code_file_id?: string | null | undefined; narration?: string | null | undefined };
type VideoLike = { $id: string; status: VideoStatus; intermediates_deleted_at?: string | null | undefined };

/** `new-code` asks code-scene for new code (then a render); `same-code` renders the code the scene has again. */
export type RerunMode = 'new-code' | 'same-code';
export const rerunEntry = { 'new-code': 'planned', 'same-code': 'coded' } as const satisfies Record<RerunMode, SceneStatus>;

/**
 * Re-run one scene. Not while a stage works on it (the transition table lets the sweeper take
 * a stuck scene back; a person waits for it), nor while its video is cancelled or past its
 * intermediate files' retention. The scene's
 * last error stays on the row: the next code attempt shows it to the LLM.
 */
export function rerunScene(scene: SceneLike, video: VideoLike | undefined, mode: RerunMode): Action {
  const target = rerunEntry[mode];
  if (mode === 'same-code' && !scene.code_file_id) return refuse(`scene ${scene.$id} has no code yet; re-run it with new code`);
  if (isIn(sceneInProgress, scene.status) || scene.status === target || !canMoveScene(scene.status, target)) {
    return refuse(`scene ${scene.$id} is ${scene.status}; it can be re-run once it is rendered or failed`);
  }
  if (video?.status === 'cancelled') return refuse(`video ${video.$id} is cancelled; its scenes are not re-run`);
  // The retention policy removed the other scenes' clips: a re-run could not be combined.
  if (video?.intermediates_deleted_at) return refuse(`video ${video.$id} no longer has its scenes' clips (removed by the retention policy on ${video.intermediates_deleted_at.slice(0, 10)}); make it again instead`);
  return { ok: true, update: { table: 'scenes', rowId: scene.$id, data: { status: target } } };
}

/**
 * New words for a scene: the narration changes and the scene is written again (`planned`), so
 * code-scene speaks the new text and times new code to it; the other scenes stay as they are.
 */
export function editNarration(scene: SceneLike, video: VideoLike | undefined, narration: string): Action {
  const text = Narration.safeParse(narration);
  if (!text.success) return refuse(text.error.issues[0]?.message ?? 'the narration is not valid');
  if (text.data === (scene.narration ?? '').trim()) return refuse('the narration is unchanged');
  const rerun = rerunScene(scene, video, 'new-code');
  if (!rerun.ok) return rerun;
  return { ok: true, update: { table: 'scenes', rowId: scene.$id, data: { narration: text.data, status: 'planned' } } };
}

/** Cancel only what is still in the works; a finished video is left as it is. */
export function cancelVideo(video: VideoLike): Action {
  if (!isIn(videoBusy, video.status) || !canMoveVideo(video.status, 'cancelled')) {
    return refuse(`video ${video.$id} is ${video.status}; only a video still in the works can be cancelled`);
  }
  return { ok: true, update: { table: 'videos', rowId: video.$id, data: { status: 'cancelled' } } };
}

/**
 * Retry a failed video: its failed scenes go back to `planned` (new code); a video that
 * failed before it had scenes is queued again for planning. A cancelled video restarts.
 * Answers no updates when there is nothing to retry.
 */
export function retryVideo(video: VideoLike, scenes: readonly (SceneLike & { video_id: string })[]): RowUpdate[] {
  if (video.status === 'cancelled') return [{ table: 'videos', rowId: video.$id, data: { status: 'queued' } }];
  if (video.status !== 'failed') return [];
  const own = scenes.filter((s) => s.video_id === video.$id);
  if (own.length === 0) return [{ table: 'videos', rowId: video.$id, data: { status: 'queued' } }];
  return own
    .filter((s) => s.status === 'failed' && canMoveScene(s.status, 'planned'))
    .map((s) => ({ table: 'scenes', rowId: s.$id, data: { status: 'planned' } }) as const);
}

function refuse(reason: string): Action {
  return { ok: false, reason };
}
