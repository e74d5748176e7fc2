import {
  canMoveScene,
  canMoveVideo,
  sceneInProgress,
  videoInProgress,
  type SceneStatus,
  type VideoStatus,
} from '../../shared/src/domain/status.js';
import type { SceneRow, VideoRow } from './rows.js';

/** A row write the pipeline reacts to: the whole protocol between dashboard and functions. */
export type RowUpdate =
  | { table: 'videos'; rowId: string; data: { status: VideoStatus } }
  | { table: 'scenes'; rowId: string; data: { status: SceneStatus } };

export type RerunMode = 'new-code' | 'same-code';

const busyScene = (status: SceneStatus): boolean => (sceneInProgress as readonly SceneStatus[]).includes(status);
const busyVideo = (status: VideoStatus): boolean => status === 'queued' || (videoInProgress as readonly VideoStatus[]).includes(status);

/**
 * Re-run one scene: `planned` asks for new code (then a render), `coded` renders the code it
 * has again. Not while the scene is being worked on, nor while its video is cancelled.
 */
export function rerunScene(scene: SceneRow, video: VideoRow | undefined, mode: RerunMode): RowUpdate | null {
  const target: SceneStatus = mode === 'new-code' ? 'planned' : 'coded';
  if (busyScene(scene.status) || scene.status === target) return null;
  if (video?.status === 'cancelled') return null;
  if (mode === 'same-code' && !scene.code_file_id) return null;
  if (!canMoveScene(scene.status, target)) return null;
  return { table: 'scenes', rowId: scene.$id, data: { status: target } };
}

/** Cancel only what is still going; a finished video is left as it is. */
export function cancelVideo(video: VideoRow): RowUpdate | null {
  if (!busyVideo(video.status) || !canMoveVideo(video.status, 'cancelled')) return null;
  return { table: 'videos', rowId: video.$id, data: { status: 'cancelled' } };
}

/**
 * Retry a failed video: its failed scenes go back to `planned` (new code); a video that
 * failed before it had scenes is queued again for planning. A cancelled video restarts.
 */
export function retryVideo(video: VideoRow, scenes: readonly SceneRow[]): RowUpdate[] {
  if (video.status === 'cancelled') return [{ table: 'videos', rowId: video.$id, data: { status: 'queued' } }];
  if (video.status !== 'failed') return [];
  const own = scenes.filter((s) => s.video_id === video.$id);
  if (own.length === 0) return [{ table: 'videos', rowId: video.$id, data: { status: 'queued' } }];
  return own
    .filter((s) => s.status === 'failed' && canMoveScene(s.status, 'planned'))
    .map((s) => ({ table: 'scenes', rowId: s.$id, data: { status: 'planned' } }) as const);
}
