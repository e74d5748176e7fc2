import type { SceneStatus, VideoStatus } from '../../shared/src/domain/status.js';

/** Colour family of a status; the words always carry the meaning too. */
export type Tone = 'waiting' | 'working' | 'done' | 'bad' | 'muted';

export type StatusView = { label: string; tone: Tone; symbol: string };

// Record<Status, …>: a status added to the domain fails to compile until it is shown here.
export const videoStatusView: Record<VideoStatus, StatusView> = {
  queued: { label: 'Queued', tone: 'waiting', symbol: '○' },
  planning: { label: 'Planning', tone: 'working', symbol: '◔' },
  rendering: { label: 'Rendering', tone: 'working', symbol: '◑' },
  combining: { label: 'Combining', tone: 'working', symbol: '◕' },
  completed: { label: 'Completed', tone: 'done', symbol: '●' },
  failed: { label: 'Failed', tone: 'bad', symbol: '✕' },
  cancelled: { label: 'Cancelled', tone: 'muted', symbol: '–' },
};

export const sceneStatusView: Record<SceneStatus, StatusView> = {
  planned: { label: 'Planned', tone: 'waiting', symbol: '○' },
  coding: { label: 'Writing code', tone: 'working', symbol: '◔' },
  coded: { label: 'Code ready', tone: 'waiting', symbol: '◑' },
  rendering: { label: 'Rendering', tone: 'working', symbol: '◕' },
  rendered: { label: 'Rendered', tone: 'done', symbol: '●' },
  failed: { label: 'Failed', tone: 'bad', symbol: '✕' },
};

/** One sentence on where a video stands, for the page header and screen readers. */
export function videoStage(video: { status: VideoStatus; current_scene?: number | null | undefined; scene_count?: number | null | undefined }): string {
  const total = video.scene_count ?? 0;
  const current = video.current_scene ?? 0;
  const stage: Record<VideoStatus, string> = {
    queued: 'Waiting to start',
    planning: 'Planning the scenes',
    rendering: total > 0 && current > 0 ? `Working on scene ${current} of ${total}` : 'Writing and rendering scenes',
    combining: 'Joining the clips into one video',
    completed: 'Finished',
    failed: 'Stopped with an error',
    cancelled: 'Cancelled',
  };
  return stage[video.status];
}
