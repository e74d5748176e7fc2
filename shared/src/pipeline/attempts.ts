import type { SceneRecord } from '../appwrite/records.js';

/**
 * Attempt budget of a scene run. A run starts when the scene is created or when a user
 * re-runs it (sets `planned`/`coded` on a finished scene); the pipeline's own retries keep
 * the run going. The two are told apart by `pipeline_retry`: the pipeline sets it whenever it
 * sends a scene back to `planned` for another attempt (attempt-outcome.ts) and clears it when
 * the attempt is claimed or the scene fails; a fresh row and a user's re-run have it false.
 */
export function isContinuingRun(scene: Pick<SceneRecord, 'pipeline_retry'>): boolean {
  return scene.pipeline_retry;
}

/** The attempt number the next code-scene claim takes. */
export function nextAttempt(scene: Pick<SceneRecord, 'pipeline_retry' | 'attempt'>): number {
  return isContinuingRun(scene) ? scene.attempt + 1 : 1;
}

export function attemptsLeft(attempt: number, maxAttempts: number): boolean {
  return attempt < maxAttempts;
}
