import type { Handler, Invocation } from '../../../shared/src/appwrite/entry.js';
import { safeMessage } from '../../../shared/src/appwrite/log.js';
import { done, ignored, type Outcome } from '../../../shared/src/appwrite/outcome.js';
import type { SceneRecord, VideoRecord } from '../../../shared/src/appwrite/records.js';
import { bucketIds } from '../../../shared/src/appwrite/store.js';
import { sceneClassName } from '../../../shared/src/code/scene-class-name.js';
import { estimateCostUsd } from '../../../shared/src/domain/cost.js';
import { codeFileId, ledgerKeys } from '../../../shared/src/domain/ids.js';
import { decodeScenePlan } from '../../../shared/src/domain/plan.js';
import { videoInputFromRow } from '../../../shared/src/domain/video.js';
import { attemptsLeft, isContinuingRun, nextAttempt } from '../../../shared/src/pipeline/attempts.js';
import { endedAttemptPatch, recordFailedAttempt } from '../../../shared/src/pipeline/attempt-outcome.js';
import { moveScene, updateVideoWithRetry } from '../../../shared/src/pipeline/claim.js';
import { leaseUntil } from '../../../shared/src/pipeline/lease.js';
import type { LlmFactory, Rewrite, SpeakerFactory } from '../../../shared/src/pipeline/ports.js';
import { prepareSpeech } from '../../../shared/src/pipeline/scene-speech.js';
import { NonRetriableError, worthAnotherAttempt } from '../../../shared/src/pipeline/non-retriable.js';
import { previousAttempt } from '../../../shared/src/pipeline/previous-attempt.js';
import { recordedOwner, sceneCallsRefusal, spendRefusal } from '../../../shared/src/limits/budgets.js';
import { fileReadPermissions, isPublicVideo } from '../../../shared/src/limits/creator.js';
import { gateRerun } from '../../../shared/src/limits/rerun-gate.js';
import { guardScene } from '../../../shared/src/pipeline/scene-guard.js';
import { settleOnKept } from '../../../shared/src/pipeline/layout-repair.js';
import { ownedFileName } from '../../../shared/src/domain/file-owner.js';

export type CodeSceneDeps = { llm: LlmFactory; rewrite: Rewrite; speakers: SpeakerFactory };

/**
 * code-scene: a `planned` scene gets Manim code. Guard → claim (planned → coding, next
 * attempt) → speech (a narrated video's scene is spoken and measured first, or its audio
 * reused) → LLM (timed to the speech; with the last attempt's code and traceback on a retry)
 * → deterministic rewrite → code file → `coded`, which render-scene picks up.
 */
export function codeScene(deps: CodeSceneDeps): Handler {
  return async (inv) => {
    const { store, config } = inv;
    const guard = await guardScene(inv, 'code-scene');
    if ('kind' in guard) return guard;
    const { scene: fresh, video } = guard;
    const owner = await recordedOwner(inv.ledger, video);
    const refused = await gateRerun(inv, fresh, owner);
    if (refused) return refused;

    const attempt = nextAttempt(fresh);
    if (isContinuingRun(fresh) && !attemptsLeft(fresh.attempt, config.maxAttempts)) {
      const { status, ...patch } = endedAttemptPatch('fail', { errorClass: fresh.error_class ?? 'attempts', message: `gave up after ${fresh.attempt} attempts: ${fresh.error_message ?? 'no attempt finished'}` });
      const failed = await moveScene(store, fresh, status, patch);
      return failed ? done('scene.gave-up', { scene: fresh.$id, attempts: fresh.attempt }) : ignored('scene changed');
    }
    // A new run forgets any layout repair an earlier run left unfinished (a cancel, say).
    const claimed = await moveScene(store, fresh, 'coding', { attempt, pipeline_retry: false, lease_until: leaseUntil(inv.now(), config.leaseSeconds.coding), ...(isContinuingRun(fresh) ? {} : { layout_kept: null }) });
    if (!claimed) return ignored('another execution claimed the scene');
    let scene = claimed;

    const input = videoInputFromRow(video);
    if (!input.ok) return attemptFailed(inv, scene, 'input', new NonRetriableError(`the video's input is invalid: ${input.message}`));
    let plan;
    try {
      plan = decodeScenePlan(scene.plan ?? '');
    } catch (err) {
      return attemptFailed(inv, scene, 'plan', new NonRetriableError(`the scene's plan is unreadable: ${safeMessage(err, inv.secrets)}`));
    }

    // Before any LLM call: the owner's daily budget and the calls this scene may ever make.
    const budget = await spendRefusal(inv.ledger, owner, config.quotas, inv.now()) ?? await sceneCallsRefusal(inv.ledger, scene.$id, config);
    if (budget) return attemptFailed(inv, scene, 'budget', new NonRetriableError(budget));

    const prepared = await prepareSpeech(inv, scene, video, owner, deps.speakers);
    if (prepared.kind === 'lost') return ignored('scene changed while speaking');
    if (prepared.kind === 'failed') return attemptFailed(inv, scene, 'tts', prepared.err, `the narration could not be spoken: ${safeMessage(prepared.err, inv.secrets)}`);
    if (prepared.kind === 'ready') scene = prepared.scene;
    const speech = prepared.kind === 'ready' && prepared.speech.sentences.length > 0 ? { sentences: prepared.speech.sentences } : undefined;

    const previous = isContinuingRun(fresh) ? await previousAttempt(store, fresh) : undefined;
    let llm;
    try {
      llm = await deps.llm(config, video.provider_used && video.provider_used !== '' ? (video.provider_used as never) : input.value.provider);
    } catch (err) {
      return attemptFailed(inv, scene, 'llm', err, `the LLM provider cannot be used: ${safeMessage(err, inv.secrets)}`);
    }
    const className = sceneClassName(scene.scene_number);
    let answer;
    try {
      answer = await llm.code({
        topic: input.value.topic,
        scene: plan,
        sceneNumber: scene.scene_number,
        sceneCount: video.scene_count ?? scene.scene_number,
        className,
        quality: input.value.quality,
        aspectRatio: input.value.aspect_ratio,
        ...(speech ? { speech } : {}),
        ...(previous ? { previous } : {}),
      });
    } catch (err) {
      await recordSpend(inv, owner, scene, llm.model, null);
      return attemptFailed(inv, scene, 'llm', err, `the LLM could not write code: ${safeMessage(err, inv.secrets)}`);
    }
    await recordSpend(inv, owner, scene, llm.model, answer.usage);
    await addUsage(inv, video, llm.model, answer.usage);

    // Cancelled while the LLM was writing: hand the scene back untouched by this run.
    const now = await store.getVideo(video.$id);
    if (!now || now.status === 'cancelled') {
      await moveScene(store, scene, 'planned', { lease_until: null, pipeline_retry: false });
      return ignored('video cancelled while coding');
    }

    const rewritten = deps.rewrite(answer.code);
    const fileId = codeFileId(scene.$id, scene.renders, attempt);
    await store.putFile(bucketIds.code, fileId, new TextEncoder().encode(rewritten.code), ownedFileName(scene.video_id, `${className}.py`), fileReadPermissions(owner, isPublicVideo(config, video)));
    const coded = await moveScene(store, scene, 'coded', {
      code_file_id: fileId,
      code_url: store.fileUrl(bucketIds.code, fileId),
      lease_until: null,
    });
    if (!coded) return ignored('scene changed while coding (re-run or swept)');
    return done('scene.coded', { scene: scene.$id, attempt, provider: llm.name, spoke: prepared.kind === 'ready' && prepared.spoken, rewrites: rewritten.changes, tokensIn: answer.usage.tokensIn, tokensOut: answer.usage.tokensOut });
  };
}

/** One LLM call of this claim in the ledger; a failed call counts too (it may be billed). */
async function recordSpend(inv: Invocation, owner: string, scene: SceneRecord, model: string, usage: { tokensIn: number; tokensOut: number } | null): Promise<void> {
  const amount = usage ? estimateCostUsd(model, usage).usd : 0;
  await inv.ledger.record(ledgerKeys.codeSpend(scene.$id, scene.renders, scene.attempt), { user: owner, kind: 'spend', videoId: scene.video_id, sceneId: scene.$id, amount });
}

async function addUsage(inv: Invocation, video: VideoRecord, model: string, usage: { tokensIn: number; tokensOut: number }): Promise<void> {
  if (usage.tokensIn === 0 && usage.tokensOut === 0) return;
  const cost = estimateCostUsd(model, usage).usd;
  await updateVideoWithRetry(inv.store, video.$id, (v) => ({
    tokens_in: v.tokens_in + usage.tokensIn,
    tokens_out: v.tokens_out + usage.tokensOut,
    cost_usd: v.cost_usd + cost,
  }));
}

/**
 * A failed attempt goes back to `planned` (with the error for the next prompt) while it is
 * worth another and the budget lasts, else the scene fails; a failed layout repair settles
 * on the attempt it kept instead. The log file keeps the whole story.
 */
async function attemptFailed(inv: Invocation, scene: SceneRecord, errorClass: string, err: unknown, message = safeMessage(err, inv.secrets)): Promise<Outcome> {
  const kept = await keepLayoutAttempt(inv, scene, errorClass);
  if (kept) return kept;
  const recorded = await recordFailedAttempt(inv, scene, { errorClass, message }, worthAnotherAttempt(err));
  if (!recorded.scene) return ignored('scene changed');
  return recorded.end === 'retry'
    ? done('scene.retrying', { scene: scene.$id, attempt: scene.attempt, errorClass })
    : done('scene.failed', { scene: scene.$id, attempt: scene.attempt, errorClass, message });
}

/** A layout repair that yields no usable code settles on the clip the scene already has. */
async function keepLayoutAttempt(inv: Invocation, scene: SceneRecord, errorClass: string): Promise<Outcome | null> {
  const settled = await settleOnKept(inv.store, scene);
  if (!settled.settled) return null;
  return settled.moved ? done('scene.layout-kept', { scene: scene.$id, attempt: scene.attempt, errorClass }) : ignored('scene changed');
}
