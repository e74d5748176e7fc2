import type { Invocation } from '../appwrite/entry.js';
import { done, ignored, type Outcome } from '../appwrite/outcome.js';
import type { SceneRecord } from '../appwrite/records.js';
import { endedAttemptPatch } from '../pipeline/attempt-outcome.js';
import { moveScene } from '../pipeline/claim.js';
import { admitRerun } from './budgets.js';

/**
 * How code-scene and render-scene start: a user's re-run over its budget ends the scene
 * `failed` with the reason, before anything is claimed or spent. Answers the outcome to
 * return, or null to go on.
 */
export async function gateRerun(inv: Invocation, scene: SceneRecord, owner: string): Promise<Outcome | null> {
  const refusal = await admitRerun(inv, scene, owner);
  if (!refusal) return null;
  const { status, ...patch } = endedAttemptPatch('fail', { errorClass: 'budget', message: refusal });
  const refused = await moveScene(inv.store, scene, status, patch);
  return refused ? done('scene.rerun-refused', { scene: scene.$id, message: refusal }) : ignored('scene changed');
}
