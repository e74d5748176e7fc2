import type { Handler, Invocation } from '../../../shared/src/appwrite/entry.js';
import { safeMessage } from '../../../shared/src/appwrite/log.js';
import { done, ignored, type Outcome } from '../../../shared/src/appwrite/outcome.js';
import type { ScenePatch, SceneRecord, VideoRecord } from '../../../shared/src/appwrite/records.js';
import { bucketIds } from '../../../shared/src/appwrite/store.js';
import { sceneClassName } from '../../../shared/src/code/scene-class-name.js';
import { attemptLogId, clipFileId, thumbnailFileId } from '../../../shared/src/domain/ids.js';
import { defectCount, encodeFindings } from '../../../shared/src/domain/layout-findings.js';
import { videoInputFromRow } from '../../../shared/src/domain/video.js';
import { attemptsLeft } from '../../../shared/src/pipeline/attempts.js';
import { formatAttemptLog, type AttemptLog } from '../../../shared/src/pipeline/attempt-log.js';
import { endedAttemptPatch, recordFailedAttempt } from '../../../shared/src/pipeline/attempt-outcome.js';
import { moveScene, patchScene } from '../../../shared/src/pipeline/claim.js';
import { leaseUntil } from '../../../shared/src/pipeline/lease.js';
import { fileUsableFor } from '../../../shared/src/pipeline/file-guard.js';
import { decodeKept, keptAttempt, newAttemptWins, repairMessage, settleOnKept, wantsRepair } from '../../../shared/src/pipeline/layout-repair.js';
import { recordedOwner } from '../../../shared/src/limits/budgets.js';
import { fileReadPermissions, isPublicVideo } from '../../../shared/src/limits/creator.js';
import { gateRerun } from '../../../shared/src/limits/rerun-gate.js';
import type { RendererFactory, RenderResult } from '../../../shared/src/pipeline/ports.js';
import { WriteBack } from '../../../shared/src/render/worker-wire.js';
import { NonRetriableError, worthAnotherAttempt } from '../../../shared/src/pipeline/non-retriable.js';
import { guardScene } from '../../../shared/src/pipeline/scene-guard.js';
import type { SceneStatus } from '../../../shared/src/domain/status.js';
import { ownedFileName } from '../../../shared/src/domain/file-owner.js';
import { priorityOf } from '../../../shared/src/domain/priority.js';
import { narrationForRender } from '../../../shared/src/pipeline/scene-speech.js';

export type RenderSceneDeps = { renderer: RendererFactory };

/** The function the render worker writes handed-off renders back to: this one. */
const FUNCTION_ID = 'render-scene';
/** The status a claimed scene holds while its render runs, here or handed off. */
const RENDERING: SceneStatus = 'rendering';

/**
 * render-scene: a `coded` scene becomes a clip. Guard → claim (coded → rendering, one more
 * render) → sandboxed render at the video's preset → clip file → `rendered`. A failed
 * render sends the scene back to `planned` with its traceback while attempts remain.
 * With a hand-off backend (the render worker's job API, RENDER_ASYNC) the render is submitted
 * and the execution ends (`scene.handed-off`); the worker's write-back execution (`http`,
 * body `{ renderJob: { id } }`) then goes on from the render's result exactly as here.
 */
export function renderScene(deps: RenderSceneDeps): Handler {
  return async (inv) => {
    const { store, config } = inv;
    const back = WriteBack.safeParse(inv.body);
    if (inv.trigger === 'http' && back.success) return writeBack(deps, inv, back.data.renderJob.id);
    const guard = await guardScene(inv, 'render-scene');
    if ('kind' in guard) return guard;
    const { scene: fresh, video } = guard;
    const owner = await recordedOwner(inv.ledger, video);
    const refused = await gateRerun(inv, fresh, owner);
    if (refused) return refused;

    const renderNo = fresh.renders + 1;
    const scene = await moveScene(store, fresh, RENDERING, { renders: renderNo, lease_until: leaseUntil(inv.now(), config.leaseSeconds.rendering) });
    if (!scene) return ignored('another execution claimed the scene');

    const input = videoInputFromRow(video);
    if (!input.ok) return fail(inv, scene, { errorClass: 'input', message: `the video's input is invalid: ${input.message}` }, new NonRetriableError(input.message));
    const withCode = await sceneCode(inv, scene, owner);
    if ('kind' in withCode) return withCode;
    const { code } = withCode;

    const voice = await narrationForRender(inv, scene, video, owner);
    if ('error' in voice) return fail(inv, scene, { errorClass: 'tts', message: voice.error });

    const renderer = await deps.renderer(config);
    const className = sceneClassName(scene.scene_number);
    const job = { code, className, quality: input.value.quality, aspectRatio: input.value.aspect_ratio, priority: priorityOf(video.priority), ...voice };
    if (renderer.handOff) {
      // The lease covers the job's deadline, so sweep-stuck takes back a render whose write-back never comes.
      const leased = await patchScene(store, scene, { lease_until: leaseUntil(inv.now(), Math.max(config.leaseSeconds.rendering, renderer.handOff.deadlineSeconds)) });
      if (!leased) return ignored('scene changed before the hand-off');
      const handed = await renderer.handOff.submit(job, { functionId: FUNCTION_ID, tag: { sceneId: scene.$id, render: renderNo } });
      if (!handed.ok) return fail(inv, leased, { errorClass: handed.errorClass, message: handed.message, traceback: handed.traceback, code, log: handed.log });
      return done('scene.handed-off', { scene: scene.$id, render: renderNo, job: handed.jobId });
    }
    const result = await renderer.render(job);
    return afterRender(inv, { scene: withCode.scene, video, owner, code, className, renderNo }, result);
  };
}

type SceneWithCode = SceneRecord & { code_file_id: string };
type Rendering = { scene: SceneWithCode; video: VideoRecord; owner: string; code: string; className: string; renderNo: number };

/** The scene's code, from a code file its owner owns; a missing, foreign or unreadable file fails the attempt. */
async function sceneCode(inv: Invocation, scene: SceneRecord, owner: string): Promise<{ scene: SceneWithCode; code: string } | Outcome> {
  const fileId = scene.code_file_id;
  if (!fileId) return fail(inv, scene, { errorClass: 'code', message: 'the scene has no code file' });
  if (!(await fileUsableFor(inv.store, bucketIds.code, fileId, owner))) {
    return fail(inv, scene, { errorClass: 'code', message: `the code file ${fileId} does not belong to this scene's owner` });
  }
  try {
    return { scene: { ...scene, code_file_id: fileId }, code: (await inv.store.readFile(bucketIds.code, fileId)).toString('utf8') };
  } catch (err) {
    return fail(inv, scene, { errorClass: 'code', message: `the code file could not be read: ${safeMessage(err, inv.secrets)}` });
  }
}

/**
 * The write-back of a handed-off render: the worker's execution names the job; the job's tag
 * (read from the worker, not from the body) names the scene and render. Only the same render
 * of a scene still `rendering` goes on; a stale or repeated write-back changes nothing.
 */
async function writeBack(deps: RenderSceneDeps, inv: Invocation, jobId: string): Promise<Outcome> {
  const { store, config } = inv;
  const renderer = await deps.renderer(config);
  if (!renderer.handOff) return ignored('a write-back, but this function does not hand renders off');
  const collected = await renderer.handOff.collect(jobId);
  if (collected.state !== 'done') return ignored(`render job ${jobId} is ${collected.state}`);
  const { sceneId, render } = collected.tag;
  if (typeof sceneId !== 'string' || typeof render !== 'number') return ignored(`render job ${jobId} names no scene`);
  const scene = await store.getScene(sceneId);
  if (!scene || scene.status !== RENDERING || scene.renders !== render) return ignored(`stale write-back: scene ${sceneId} is ${scene?.status ?? 'gone'} at render ${scene?.renders ?? '-'}, the job was render ${render}`);
  const video = await store.getVideo(scene.video_id);
  if (!video) return ignored('the scene has no video');
  const owner = await recordedOwner(inv.ledger, video);
  const withCode = await sceneCode(inv, scene, owner);
  if ('kind' in withCode) return withCode;
  return afterRender(inv, { ...withCode, video, owner, className: sceneClassName(scene.scene_number), renderNo: render }, collected.result);
}

/** What follows a render, handed off or not: the failure's attempt outcome, or clip, thumbnail and the layout loop. */
async function afterRender(inv: Invocation, r: Rendering, result: RenderResult): Promise<Outcome> {
  const { store, config } = inv;
  const { scene, video, owner, code, className, renderNo } = r;
  if (!result.ok) {
    return fail(inv, scene, { errorClass: result.errorClass, message: result.message, traceback: result.traceback, code, log: result.log });
  }

  // Cancelled while rendering: keep nothing of this render and leave the scene re-runnable.
  const current = await store.getVideo(video.$id);
  if (!current || current.status === 'cancelled') {
    await moveScene(store, scene, 'coded', { lease_until: null });
    return ignored('video cancelled while rendering');
  }

  const fileId = clipFileId(scene.$id, renderNo);
  await store.putFile(bucketIds.clips, fileId, result.clip, ownedFileName(scene.video_id, `${className}.mp4`), fileReadPermissions(owner, isPublicVideo(config, video)));
  const findings = result.layout?.findings ?? [];
  const picture = await saveThumbnail(inv, scene, renderNo, result.layout?.thumbnail ?? null, owner);
  const thisAttempt: ScenePatch = {
    video_file_id: fileId,
    video_url: await store.playableUrl(bucketIds.clips, fileId),
    duration_seconds: result.durationSeconds,
    render_seconds: result.renderSeconds,
    layout_findings: encodeFindings(findings),
    // When each sentence is heard in this clip: the combine offsets them into the captions.
    cues: result.cues ? JSON.stringify(result.cues) : null,
    ...picture,
  };

  // The layout loop (pipeline/layout-repair.ts): keep the attempt with fewer defects, and
  // while rounds and attempts remain send it back for new code with its findings.
  const kept = decodeKept(scene.layout_kept);
  const keepOld = kept !== null && !newAttemptWins(keptAttempt(scene), { findings });
  const best = keepOld
    ? { patch: { code_file_id: kept.codeFileId, code_url: kept.codeUrl } satisfies ScenePatch, findings: keptAttempt(scene).findings, codeFileId: kept.codeFileId, codeUrl: kept.codeUrl }
    : { patch: { ...thisAttempt, code_file_id: scene.code_file_id, code_url: scene.code_url }, findings, codeFileId: scene.code_file_id, codeUrl: scene.code_url ?? '' };
  const rounds = kept?.repairs ?? 0;
  if (wantsRepair(best.findings, rounds, config.layoutRepairAttempts, attemptsLeft(scene.attempt, config.maxAttempts))) {
    const bestCode = keepOld ? (await store.readFile(bucketIds.code, best.codeFileId)).toString('utf8') : code;
    const message = repairMessage(best.findings);
    const logId = attemptLogId(scene.$id, scene.renders, scene.attempt);
    await store.putFile(bucketIds.logs, logId, new TextEncoder().encode(formatAttemptLog({ errorClass: 'layout', message, code: bestCode })), ownedFileName(scene.video_id, `${logId}.log`), fileReadPermissions(owner));
    const { status, ...retry } = endedAttemptPatch('retry', { errorClass: 'layout', message, logId });
    const back = await moveScene(store, scene, status, {
      ...best.patch,
      layout_kept: JSON.stringify({ codeFileId: best.codeFileId, codeUrl: best.codeUrl, repairs: rounds + 1 }),
      ...retry,
    });
    if (!back) return ignored('scene changed while rendering (re-run or swept)');
    return done('scene.layout-repair', { scene: scene.$id, render: renderNo, round: rounds + 1, defects: defectCount(best.findings), kept: keepOld ? 'earlier' : 'this' });
  }

  const rendered = await moveScene(store, scene, 'rendered', {
    ...best.patch,
    layout_kept: null,
    error_message: null,
    error_class: null,
    lease_until: null,
    pipeline_retry: false,
  });
  if (!rendered) return ignored('scene changed while rendering (re-run or swept)');
  return done('scene.rendered', { scene: scene.$id, render: renderNo, seconds: result.durationSeconds, renderSeconds: result.renderSeconds, sandbox: result.sandbox, findings: findings.length, defects: defectCount(best.findings), ...(kept ? { kept: keepOld ? 'earlier' : 'this' } : {}) });
}

/**
 * The repair ladder's next rung: while attempts remain, back to `planned` so code-scene
 * writes new code with this traceback in the prompt; otherwise the scene fails. A render
 * failure is always worth new code; `cause` says otherwise for what no new code can fix.
 */
async function fail(inv: Invocation, scene: SceneRecord, entry: AttemptLog, cause?: unknown): Promise<Outcome> {
  // A layout repair that does not render leaves the scene with the clip it already had.
  const settled = await settleOnKept(inv.store, scene);
  if (settled.settled) return settled.moved ? done('scene.layout-kept', { scene: scene.$id, attempt: scene.attempt, errorClass: entry.errorClass, message: entry.message }) : ignored('scene changed');
  const recorded = await recordFailedAttempt(inv, scene, entry, worthAnotherAttempt(cause));
  if (!recorded.scene) return ignored('scene changed');
  return recorded.end === 'retry'
    ? done('scene.render-failed', { scene: scene.$id, attempt: scene.attempt, errorClass: entry.errorClass, message: entry.message, next: 'new code' })
    : done('scene.failed', { scene: scene.$id, attempt: scene.attempt, errorClass: entry.errorClass, message: entry.message });
}

/** The check's picture of the scene, stored beside the clip; no picture, no columns. */
async function saveThumbnail(inv: Invocation, scene: { $id: string; video_id: string }, renderNo: number, png: Uint8Array | null, owner: string): Promise<ScenePatch> {
  if (!png) return { thumbnail_file_id: null, thumbnail_url: null };
  const id = thumbnailFileId(scene.$id, renderNo);
  await inv.store.putFile(bucketIds.thumbnails, id, png, ownedFileName(scene.video_id, `${id}.png`), fileReadPermissions(owner));
  return { thumbnail_file_id: id, thumbnail_url: await inv.store.playableUrl(bucketIds.thumbnails, id) };
}
