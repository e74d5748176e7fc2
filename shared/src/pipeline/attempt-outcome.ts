import type { Invocation } from '../appwrite/entry.js';
import type { ScenePatch, SceneRecord } from '../appwrite/records.js';
import { bucketIds } from '../appwrite/store.js';
import { attemptLogId } from '../domain/ids.js';
import { attemptsLeft } from './attempts.js';
import { formatAttemptLog, type AttemptLog } from './attempt-log.js';
import { moveScene } from './claim.js';
import { ownedFileName } from '../domain/file-owner.js';
import { recordedOwner } from '../limits/budgets.js';
import { fileReadPermissions } from '../limits/creator.js';

/** Column sizes of `scenes` in appwrite.json: a failure is cut to fit, never refused. */
const ERROR_CLASS_MAX = 64;
const ERROR_MESSAGE_MAX = 1900;

export type AttemptEnd = 'retry' | 'fail';

/**
 * How a failed attempt of a scene run ends: sent back to `planned` as the pipeline's retry
 * while the failure is worth another attempt and the run has attempts left, else `failed`.
 * The one budget rule for code-scene, render-scene and sweep-stuck.
 */
export function attemptEnd(scene: Pick<SceneRecord, 'attempt'>, maxAttempts: number, worthAnother: boolean): AttemptEnd {
  return worthAnother && attemptsLeft(scene.attempt, maxAttempts) ? 'retry' : 'fail';
}

/**
 * The row update that ends an attempt: the error (cut to its columns), the lease released,
 * and `pipeline_retry` saying whether the next code-scene claim continues this run (a retry)
 * or starts a new one (a finished scene that a user re-runs).
 */
export function endedAttemptPatch(end: AttemptEnd, failure: { errorClass: string; message: string; logId?: string }): ScenePatch & { status: 'planned' | 'failed' } {
  return {
    status: end === 'retry' ? 'planned' : 'failed',
    error_class: failure.errorClass.slice(0, ERROR_CLASS_MAX),
    error_message: failure.message.slice(0, ERROR_MESSAGE_MAX),
    ...(failure.logId ? { error_log_id: failure.logId } : {}),
    lease_until: null,
    pipeline_retry: end === 'retry',
  };
}

/** What became of the scene: `null` when the row moved on meanwhile (a re-run, the sweeper). */
export type RecordedAttempt = { end: AttemptEnd; scene: SceneRecord | null; logId: string };

/**
 * Records a failed attempt of a claimed scene: the attempt's log file (readable by the scene's
 * owner, parsed again by the next code attempt), then the scene retried or failed.
 */
export async function recordFailedAttempt(inv: Pick<Invocation, 'store' | 'config' | 'ledger'>, scene: SceneRecord, entry: AttemptLog, worthAnother: boolean): Promise<RecordedAttempt> {
  const logId = attemptLogId(scene.$id, scene.renders, scene.attempt);
  await inv.store.putFile(bucketIds.logs, logId, new TextEncoder().encode(formatAttemptLog(entry)), ownedFileName(scene.video_id, `${logId}.log`), fileReadPermissions(await recordedOwner(inv.ledger, { $id: scene.video_id, $permissions: scene.$permissions })));
  const end = attemptEnd(scene, inv.config.maxAttempts, worthAnother);
  const { status, ...patch } = endedAttemptPatch(end, { errorClass: entry.errorClass, message: entry.message, logId });
  return { end, scene: await moveScene(inv.store, scene, status, patch), logId };
}
