import type { SceneStatus, VideoStatus } from './status.js';

/**
 * Progress bands: planning fills 0–10, the scenes share 10–95 equally, combining
 * 95–99, and 100 is reserved for `completed` (the final file exists).
 */
const PLANNING_END = 10;
const SCENES_END = 95;
const COMBINING = 97;
const BEFORE_DONE = 99;

/** How far one scene has come, 0–1. `failed` is finished work as far as the bar goes. */
const sceneFraction = {
  planned: 0,
  coding: 0.15,
  coded: 0.35,
  rendering: 0.5,
  rendered: 1,
  failed: 1,
} as const satisfies Record<SceneStatus, number>;

export type Stage = 'queued' | 'planning' | 'coding' | 'rendering' | 'combining' | 'completed' | 'failed' | 'cancelled';

export interface ProgressVideo {
  status: VideoStatus;
  scene_count?: number | null;
}

export interface ProgressScene {
  scene_number: number;
  status: SceneStatus;
}

export interface Progress {
  progress: number;
  /** The scene being worked on (lowest number first), or null when none is. */
  current_scene: number | null;
  stage: Stage;
}

export function computeProgress(video: ProgressVideo, scenes: readonly ProgressScene[]): Progress {
  const sorted = [...scenes].sort((a, b) => a.scene_number - b.scene_number);
  const count = Math.max(video.scene_count ?? 0, sorted.length);
  const done = count === 0 ? 0 : sorted.reduce((sum, s) => sum + sceneFraction[s.status], 0) / count;
  const scenesProgress = Math.floor(PLANNING_END + done * (SCENES_END - PLANNING_END));
  const active = sorted.find((s) => s.status === 'coding' || s.status === 'rendering');
  const pending = sorted.find((s) => s.status !== 'rendered' && s.status !== 'failed');
  const current = (active ?? pending)?.scene_number ?? null;

  switch (video.status) {
    case 'queued':
      return { progress: 0, current_scene: null, stage: 'queued' };
    case 'planning':
      return { progress: 2, current_scene: null, stage: 'planning' };
    case 'rendering': {
      const anyCoding = sorted.some((s) => s.status === 'planned' || s.status === 'coding');
      const anyRendering = sorted.some((s) => s.status === 'coded' || s.status === 'rendering');
      return {
        progress: count === 0 ? PLANNING_END : Math.min(scenesProgress, SCENES_END),
        current_scene: current,
        stage: anyRendering || !anyCoding ? 'rendering' : 'coding',
      };
    }
    case 'combining':
      return { progress: COMBINING, current_scene: null, stage: 'combining' };
    case 'completed':
      return { progress: 100, current_scene: null, stage: 'completed' };
    case 'failed':
      return { progress: Math.min(scenesProgress, BEFORE_DONE), current_scene: null, stage: 'failed' };
    case 'cancelled':
      return { progress: Math.min(scenesProgress, BEFORE_DONE), current_scene: null, stage: 'cancelled' };
  }
}

/**
 * The value to write: never lower than what the row already shows within one run
 * (a scene sent back for a new attempt must not pull the bar back), 100 only for
 * `completed`. A new run (a re-run after the video finished) starts from the computed value.
 */
export function progressToWrite(args: { previous: number | null | undefined; computed: number; status: VideoStatus; newRun: boolean }): number {
  if (args.status === 'completed') return 100;
  const floor = args.newRun ? 0 : (args.previous ?? 0);
  return Math.min(Math.max(floor, args.computed), BEFORE_DONE);
}
