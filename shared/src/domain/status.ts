import { z } from 'zod';

/** Life of a video row. In-progress states end in `-ing`. */
export const VideoStatus = z.enum(['queued', 'planning', 'rendering', 'combining', 'completed', 'failed', 'cancelled']);
export type VideoStatus = z.infer<typeof VideoStatus>;

/** Life of a scene row. A user re-runs a scene by setting `planned` (new code) or `coded` (render again). */
export const SceneStatus = z.enum(['planned', 'coding', 'coded', 'rendering', 'rendered', 'failed']);
export type SceneStatus = z.infer<typeof SceneStatus>;

/** Every allowed move of a video; writers go through `assertVideoTransition`. */
export const videoTransitions = {
  queued: ['planning', 'failed', 'cancelled'],
  planning: ['queued', 'rendering', 'failed', 'cancelled'],
  rendering: ['combining', 'failed', 'cancelled', 'rendering'],
  combining: ['rendering', 'completed', 'failed', 'cancelled'],
  completed: ['rendering', 'combining', 'cancelled'],
  failed: ['queued', 'rendering', 'combining', 'cancelled'],
  cancelled: ['queued'],
} as const satisfies Record<VideoStatus, readonly VideoStatus[]>;

/**
 * Every allowed move of a scene; `planned` and `coded` are also the user's re-run entries.
 * `coding → rendered`: a layout repair whose new code fails settles on the clip it kept.
 */
export const sceneTransitions = {
  planned: ['coding', 'failed'],
  coding: ['coded', 'planned', 'failed', 'rendered'],
  coded: ['rendering', 'planned', 'failed'],
  rendering: ['rendered', 'coded', 'planned', 'failed'],
  rendered: ['planned', 'coded'],
  failed: ['planned', 'coded'],
} as const satisfies Record<SceneStatus, readonly SceneStatus[]>;

/** A stage holds the scene under a lease (sweep-stuck takes it back when the lease ends). */
export const sceneInProgress = ['coding', 'rendering'] as const satisfies readonly SceneStatus[];
/** The scene waits for the stage that serves it; also the statuses a user sets to re-run a scene. */
export const sceneWaiting = ['planned', 'coded'] as const satisfies readonly SceneStatus[];
/** Nothing more happens to the scene until someone re-runs it; the video combines once all are. */
export const sceneFinished = ['rendered', 'failed'] as const satisfies readonly SceneStatus[];

export const videoInProgress = ['planning', 'rendering', 'combining'] as const satisfies readonly VideoStatus[];
/** The video's in-progress states whose claim carries a lease (rendering waits on its scenes). */
export const videoLeased = ['planning', 'combining'] as const satisfies readonly VideoStatus[];
/** Still in the works: waiting for planning or in progress. Only such a video can be cancelled. */
export const videoBusy = ['queued', ...videoInProgress] as const satisfies readonly VideoStatus[];
export const videoFinished = ['completed', 'failed', 'cancelled'] as const satisfies readonly VideoStatus[];
/** Its scenes exist and decide what it becomes: combine-video acts on a video only in these. */
export const videoDecidedByScenes = ['rendering', 'combining', 'completed', 'failed'] as const satisfies readonly VideoStatus[];
/**
 * Waiting for an event no one may send again: a queued video for plan-video (which hears only
 * creates, so a retry's `queued` is not one), a rendering one for its last scene's. The sweep pokes them.
 */
export const videoWaiting = ['queued', 'rendering'] as const satisfies readonly VideoStatus[];

/** Whether `status` is in one of the named sets above. */
export function isIn<S extends string>(set: readonly S[], status: string): status is S {
  return (set as readonly string[]).includes(status);
}

export class TransitionError extends Error {
  constructor(kind: 'video' | 'scene', from: string, to: string) {
    super(`${kind} cannot move from "${from}" to "${to}"`);
    this.name = 'TransitionError';
  }
}

export function canMoveVideo(from: VideoStatus, to: VideoStatus): boolean {
  return (videoTransitions[from] as readonly VideoStatus[]).includes(to);
}

export function canMoveScene(from: SceneStatus, to: SceneStatus): boolean {
  return (sceneTransitions[from] as readonly SceneStatus[]).includes(to);
}

export function assertVideoTransition(from: VideoStatus, to: VideoStatus): void {
  if (!canMoveVideo(from, to)) throw new TransitionError('video', from, to);
}

export function assertSceneTransition(from: SceneStatus, to: SceneStatus): void {
  if (!canMoveScene(from, to)) throw new TransitionError('scene', from, to);
}
