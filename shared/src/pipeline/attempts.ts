import type { SceneRecord } from '../appwrite/records.js';

/**
 * Attempt budget of a scene run. A run starts when the scene is created or when a user
 * re-runs it (sets `planned`/`coded` on a finished scene); the pipeline's own retries keep
 * the run going. The two are told apart by the lease column: the pipeline always leaves a
 * timestamp in `lease_until` when it sends a scene back to `planned` (and clears it on
 * every finished state), while a user's re-run and a fresh row have none.
 */
export function isContinuingRun(scene: Pick<SceneRecord, 'lease_until'>): boolean {
  return scene.lease_until !== null;
}

/** The attempt number the next code-scene claim takes. */
export function nextAttempt(scene: Pick<SceneRecord, 'lease_until' | 'attempt'>): number {
  return isContinuingRun(scene) ? scene.attempt + 1 : 1;
}

export function attemptsLeft(attempt: number, maxAttempts: number): boolean {
  return attempt < maxAttempts;
}

/**
 * Code file id for one claim. `renders` only grows and `attempt` grows within a run, so
 * the pair never repeats for a scene, even across re-runs that restart the attempt count.
 */
export function codeFileKey(sceneId: string, renders: number, attempt: number): string {
  return `${sceneId}-c${renders}.${attempt}`;
}
