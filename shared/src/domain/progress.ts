import type { SceneStatus } from './status.js';

/**
 * Progress bands: planning fills 0–10, the scenes share 10–95 equally, combining
 * 95–99, and 100 is reserved for `completed` (the final file exists). plan-video writes
 * the end of planning, combine-video the combine, the video's scenes everything between.
 */
export const PLANNING_END = 10;
const SCENES_END = 95;
export const COMBINING = 97;
const BEFORE_DONE = 99;

/** How far one scene has come, 0–1. `failed` is finished work as far as the bar goes. */
export const sceneFraction = {
  planned: 0,
  coding: 0.15,
  coded: 0.35,
  rendering: 0.5,
  rendered: 1,
  failed: 1,
} as const satisfies Record<SceneStatus, number>;

export interface ProgressScene {
  scene_number: number;
  status: SceneStatus;
}

export interface ScenesProgress {
  progress: number;
  /** The scene being worked on (lowest number first), or the first not finished; null when none is. */
  current_scene: number | null;
}

/** Where a rendering video stands, from its scenes; `sceneCount` counts scenes not created yet as not started. */
export function scenesProgress(sceneCount: number | null | undefined, scenes: readonly ProgressScene[]): ScenesProgress {
  const sorted = [...scenes].sort((a, b) => a.scene_number - b.scene_number);
  const count = Math.max(sceneCount ?? 0, sorted.length);
  if (count === 0) return { progress: PLANNING_END, current_scene: null };
  const done = sorted.reduce((sum, s) => sum + sceneFraction[s.status], 0) / count;
  const active = sorted.find((s) => s.status === 'coding' || s.status === 'rendering');
  const pending = sorted.find((s) => s.status !== 'rendered' && s.status !== 'failed');
  return {
    progress: Math.min(Math.floor(PLANNING_END + done * (SCENES_END - PLANNING_END)), SCENES_END),
    current_scene: (active ?? pending)?.scene_number ?? null,
  };
}

/**
 * The value to write: never lower than what the row already shows within one run (a scene
 * sent back for a new attempt must not pull the bar back), never 100 (that is `completed`'s).
 * A new run (a re-run after the video finished) starts from the computed value.
 */
export function progressToWrite(args: { previous: number | null | undefined; computed: number; newRun: boolean }): number {
  const floor = args.newRun ? 0 : (args.previous ?? 0);
  return Math.min(Math.max(floor, args.computed), BEFORE_DONE);
}
