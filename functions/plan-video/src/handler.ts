import type { Handler, Invocation } from '../../../shared/src/appwrite/entry.js';
import { safeMessage } from '../../../shared/src/appwrite/log.js';
import { done, ignored, type Outcome } from '../../../shared/src/appwrite/outcome.js';
import type { VideoRecord } from '../../../shared/src/appwrite/records.js';
import { estimateCostUsd } from '../../../shared/src/domain/cost.js';
import { ledgerKeys, sceneId } from '../../../shared/src/domain/ids.js';
import { PLANNING_END } from '../../../shared/src/domain/progress.js';
import { encodeScenePlan, sceneLimits } from '../../../shared/src/domain/plan.js';
import { videoInputFromRow } from '../../../shared/src/domain/video.js';
import { moveVideo, patchVideo } from '../../../shared/src/pipeline/claim.js';
import { leaseUntil } from '../../../shared/src/pipeline/lease.js';
import type { LlmFactory, VoicePicker } from '../../../shared/src/pipeline/ports.js';
import { creationRefusal, spendRefusal } from '../../../shared/src/limits/budgets.js';
import { askedPublic, creatorOf, sceneRowPermissions, UNKNOWN_CREATOR_MESSAGE, videoRowPermissions } from '../../../shared/src/limits/creator.js';
import { KEY_PRINCIPAL } from '../../../shared/src/limits/ledger.js';
import { planCallsRefusal, scenesRefusal } from './quotas.js';
import { servedStatus } from '../../../shared/src/pipeline/served-status.js';
import { priorityOf } from '../../../shared/src/domain/priority.js';
import { loadEtaModel, videoEtaAt } from '../../../shared/src/pipeline/video-eta.js';

const served = servedStatus['plan-video'];

export type PlanVideoDeps = { llm: LlmFactory; voice: VoicePicker };

/**
 * plan-video: a `queued` video becomes a storyboard and one `scenes` row per scene.
 * Guard → claim (queued → planning, with a lease) → validate input and quotas → plan →
 * scene rows (deterministic ids) → rendering.
 */
export function planVideo(deps: PlanVideoDeps): Handler {
  return async (inv) => {
    const { store, log } = inv;
    if (inv.body.status !== undefined && inv.body.status !== served) return ignored(`event for a ${String(inv.body.status)} video`);
    const videoId = typeof inv.body.$id === 'string' ? inv.body.$id : typeof inv.body.video_id === 'string' ? inv.body.video_id : null;
    if (!videoId) return ignored('no video id in the body');
    const fresh = await store.getVideo(videoId);
    if (!fresh || fresh.status !== served) return ignored(`video is ${fresh?.status ?? 'gone'}`);

    // The owner is who the platform says created the row, recorded in the ledger the first
    // time; a later execution (the sweeper's re-delivery, a retry) reads it from there.
    const recorded = (await inv.ledger.list({ kind: 'creation', videoId }))[0];
    const creator = recorded ? { kind: 'user' as const, owner: recorded.user } : creatorOf(inv.trigger, inv.actor, fresh.$permissions);
    if (creator.kind === 'unknown') {
      const claimed = await moveVideo(store, fresh, 'planning', { lease_until: leaseUntil(inv.now(), inv.config.leaseSeconds.planning) }, videoRowPermissions(KEY_PRINCIPAL, false));
      return claimed ? reject(inv, claimed, 'creator.unknown', UNKNOWN_CREATOR_MESSAGE) : ignored('another execution claimed the video');
    }
    await inv.ledger.record(ledgerKeys.creation(videoId), { user: creator.owner, kind: 'creation', videoId });
    const own = (await inv.ledger.list({ kind: 'creation', videoId }))[0]!;
    const owner = own.user;
    const isPublic = inv.config.allowPublicVideos && askedPublic(fresh.$permissions);
    const claimed = await moveVideo(store, fresh, 'planning', {
      owner,
      lease_until: leaseUntil(inv.now(), inv.config.leaseSeconds.planning),
      started_at: fresh.started_at ?? inv.now().toISOString(),
      error_message: null,
    }, videoRowPermissions(owner, isPublic));
    if (!claimed) return ignored('another execution claimed the video');
    let video = claimed;
    log.info('video.claimed', { video: videoId, owner, public: isPublic });

    const input = videoInputFromRow(video);
    if (!input.ok) return reject(inv, video, 'input.rejected', input.message);

    const quota = scenesRefusal(input.value.max_scenes, inv.config.quotas)
      ?? await creationRefusal(inv.ledger, store, own, inv.config.quotas, inv.now());
    if (quota) return reject(inv, video, 'quota.exceeded', quota);

    // A planning run that died after creating scenes is resumed from them, not re-planned:
    // a second plan could disagree with the rows that already exist. One that died between
    // its scene rows (the video was never moved on, so no `planned_at`) is planned again
    // below and only the missing rows are created; the rows that exist stay as they are.
    const existing = await store.listScenes(videoId);
    if (existing.length > 0 && video.planned_at) {
      const eta_at = videoEtaAt(await loadEtaModel(store, inv.config), video, existing, existing.length, inv.now());
      const resumed = await moveVideo(store, video, 'rendering', { scene_count: existing.length, lease_until: null, planned_at: inv.now().toISOString(), progress: PLANNING_END, eta_at });
      return resumed ? done('video.plan-resumed', { video: videoId, scenes: existing.length }) : ignored('video changed while resuming');
    }

    const budget = await spendRefusal(inv.ledger, owner, inv.config.quotas, inv.now()) ?? await planCallsRefusal(inv.ledger, videoId, inv.config.quotas);
    if (budget) return reject(inv, video, 'budget.exceeded', budget);

    let llm;
    try {
      llm = await deps.llm(inv.config, input.value.provider);
    } catch (err) {
      return reject(inv, video, 'provider.unavailable', `The ${input.value.provider} provider cannot be used: ${safeMessage(err, inv.secrets)}`);
    }
    let voice;
    try {
      voice = await deps.voice(inv.config, input.value.voice);
    } catch (err) {
      return reject(inv, video, 'voice.unavailable', `The ${input.value.voice} voice cannot be used: ${safeMessage(err, inv.secrets)}`);
    }
    // The voice is on the row before any scene row exists: code-scene speaks a scene as soon
    // as its row appears, while this run may still be creating the others (or be killed).
    const voiced = await patchVideo(store, video, { voice_used: voice });
    if (!voiced) return ignored('video changed while planning (cancelled?)');
    video = voiced;

    const maxScenes = Math.min(input.value.max_scenes, inv.config.quotas.scenesPerVideo);
    const started = Date.now();
    let result;
    try {
      result = await llm.plan({ topic: input.value.topic, description: input.value.description, maxScenes, aspectRatio: input.value.aspect_ratio });
    } catch (err) {
      // A failed call may still be billed, and it is one of the video's plans either way.
      await inv.ledger.record(ledgerKeys.planSpend(videoId, video.$updatedAt), { user: owner, kind: 'spend', videoId, amount: 0 });
      return reject(inv, video, 'plan.failed', `Planning with ${llm.name} (${llm.model}) failed: ${safeMessage(err, inv.secrets)}`, { provider_used: llm.name, model: llm.model });
    }
    const limits = sceneLimits(maxScenes);
    const scenes = result.plan.scenes.slice(0, limits.max);

    const permissions = sceneRowPermissions(owner, isPublic);
    const created = new Set(existing.map((s) => s.scene_number));
    for (const [i, scene] of scenes.entries()) {
      const n = i + 1;
      if (created.has(n)) continue;
      await store.createScene(sceneId(videoId, n), {
        video_id: videoId,
        scene_number: n,
        title: scene.title.slice(0, 200),
        plan: encodeScenePlan(scene),
        narration: scene.narration,
        status: 'planned',
        attempt: 0,
        renders: 0,
        owner,
        // Copied from the video so an execution about the scene waits in its video's order.
        priority: priorityOf(video.priority),
      }, permissions);
    }

    const cost = estimateCostUsd(llm.model, result.usage);
    await inv.ledger.record(ledgerKeys.planSpend(videoId, video.$updatedAt), { user: owner, kind: 'spend', videoId, amount: cost.usd });
    const sceneCount = Math.max(scenes.length, ...created);
    const moved = await moveVideo(store, video, 'rendering', {
      scene_count: sceneCount,
      eta_at: videoEtaAt(await loadEtaModel(store, inv.config), video, await store.listScenes(videoId), sceneCount, inv.now()),
      provider_used: llm.name,
      model: llm.model,
      voice_used: voice,
      tokens_in: video.tokens_in + result.usage.tokensIn,
      tokens_out: video.tokens_out + result.usage.tokensOut,
      cost_usd: video.cost_usd + cost.usd,
      planned_at: inv.now().toISOString(),
      lease_until: null,
      progress: Math.max(video.progress, PLANNING_END),
    });
    if (!moved) return ignored('video changed while planning (cancelled?)');
    return done('video.planned', { video: videoId, scenes: scenes.length, provider: llm.name, model: llm.model, voice, ms: Date.now() - started, tokensIn: result.usage.tokensIn, tokensOut: result.usage.tokensOut });
  };
}

/** Ends the video with a message a person understands; the outcome stays `done` (the row tells the story). */
async function reject(inv: Invocation, video: VideoRecord, event: string, message: string, extra: Record<string, unknown> = {}): Promise<Outcome> {
  const moved = await moveVideo(inv.store, video, 'failed', { ...extra, error_message: message.slice(0, 1900), lease_until: null, finished_at: inv.now().toISOString() });
  if (!moved) return ignored('video changed before it could be marked failed');
  return done(event, { video: video.$id, message });
}
