import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Handler, Invocation } from '../../../shared/src/appwrite/entry.js';
import { safeMessage } from '../../../shared/src/appwrite/log.js';
import { isFileTooLarge } from '../../../shared/src/appwrite/services.js';
import { done, ignored, type Outcome } from '../../../shared/src/appwrite/outcome.js';
import type { SceneRecord, VideoRecord } from '../../../shared/src/appwrite/records.js';
import { bucketIds } from '../../../shared/src/appwrite/store.js';
import { COMBINING } from '../../../shared/src/domain/progress.js';
import { moveScene, moveVideo, patchVideo, updateVideoWithRetry } from '../../../shared/src/pipeline/claim.js';
import { leaseExpired, leaseUntil } from '../../../shared/src/pipeline/lease.js';
import { fileUsableFor } from '../../../shared/src/pipeline/file-guard.js';
import { recordedOwner } from '../../../shared/src/limits/budgets.js';
import { fileReadPermissions, isPublicVideo } from '../../../shared/src/limits/creator.js';
import type { Concat } from '../../../shared/src/pipeline/ports.js';
import { decideVideo, failureMessage, type VideoDecision } from '../../../shared/src/pipeline/video-state.js';
import { ownedFileName } from '../../../shared/src/domain/file-owner.js';
import { ledgerKeys } from '../../../shared/src/domain/ids.js';
import { writeCaptions } from '../../../shared/src/pipeline/video-captions.js';
import { loadEtaModel, videoEtaAt } from '../../../shared/src/pipeline/video-eta.js';
import { combineSeconds, etaAt } from '../../../shared/src/stats/eta.js';

export type CombineVideoDeps = { concat: Concat };

/**
 * combine-video: the video's controller. On every scene change it recomputes progress and
 * `current_scene`; when every scene is finished it claims the combine (a lock row whose id
 * names the exact clip set, then a compare-and-set on the video) and remuxes the clips —
 * into the final video, or into a partial one when some scenes failed.
 * Direct executions (the sweeper) pass `{ video_id }`.
 */
export function combineVideo(deps: CombineVideoDeps): Handler {
  return async (inv) => {
    const { store } = inv;
    const videoId = typeof inv.body.video_id === 'string' ? inv.body.video_id : null;
    if (!videoId) return ignored('no video id in the body');
    const video = await store.getVideo(videoId);
    if (!video) return ignored('video gone');
    const scenes = await store.listScenes(videoId);
    // `rendered` is not a re-run entry; a user who sets it on a scene without a clip gets
    // the scene rendered for real rather than a video that can never combine.
    const bogus = scenes.find((s) => s.status === 'rendered' && !s.video_file_id);
    if (bogus && video.status !== 'cancelled') {
      const repaired = await moveScene(store, bogus, bogus.code_file_id ? 'coded' : 'planned', { lease_until: null, pipeline_retry: false, error_class: 'status', error_message: 'The scene was marked rendered without a clip, so it is being rendered again. To re-run a scene, set it to planned or coded.' });
      return repaired ? done('scene.repaired', { scene: bogus.$id, to: repaired.status }) : ignored('scene changed');
    }
    const decision = decideVideo(video, scenes);

    switch (decision.kind) {
      case 'none':
        return ignored(decision.reason);
      case 'progress': {
        // The estimate is revised with every progress write, from the scenes as they stand.
        const model = await loadEtaModel(store, inv.config);
        const written = await updateVideoWithRetry(store, videoId, (v) => {
          const again = decideVideo(v, scenes);
          return again.kind === 'progress' ? { ...again.patch, eta_at: videoEtaAt(model, v, scenes, v.scene_count ?? scenes.length, inv.now()) } : null;
        });
        return written ? done('video.progressed', { video: videoId, progress: written.progress, current_scene: written.current_scene, status: written.status }) : ignored('video gone');
      }
      case 'fail': {
        const failed = await moveVideo(store, video, 'failed', { error_message: decision.message, finished_at: inv.now().toISOString(), lease_until: null, current_scene: null, eta_at: null });
        return failed ? done('video.failed', { video: videoId, message: decision.message }) : ignored('video changed');
      }
      case 'combine':
        return combine(inv, deps, video, decision);
    }
  };
}

async function combine(inv: Invocation, deps: CombineVideoDeps, video: VideoRecord, decision: Extract<VideoDecision, { kind: 'combine' }>): Promise<Outcome> {
  const { store, config } = inv;
  const lock = await store.createLock(decision.lockId, { video_id: video.$id, purpose: decision.mode });
  // The lock row answers "someone took this clip set"; it may be held by an execution that
  // died, so a lock that exists only stops us while the video shows a live combine lease.
  if (lock === 'exists' && video.status === 'combining' && !leaseExpired(video.lease_until, inv.now())) {
    return ignored('another execution is combining this clip set');
  }
  const claimed = video.status === 'combining'
    ? await patchVideo(store, video, { lease_until: leaseUntil(inv.now(), config.leaseSeconds.combining) })
    : await moveVideo(store, video, 'combining', { lease_until: leaseUntil(inv.now(), config.leaseSeconds.combining), current_scene: null, progress: Math.max(video.progress, COMBINING), eta_at: etaAt(inv.now(), combineSeconds(decision.clips.length)) });
  if (!claimed) return ignored('another execution claimed the combine');

  const owner = await recordedOwner(inv.ledger, video);
  for (const clip of decision.clips) {
    if (!(await fileUsableFor(store, bucketIds.clips, clip.fileId, owner))) {
      const message = `Scene ${clip.sceneNumber} points at a clip (${clip.fileId}) that does not belong to this video's owner; re-run the scene.`;
      await moveVideo(store, claimed, 'failed', { error_message: message, finished_at: inv.now().toISOString(), lease_until: null });
      return done('video.combine-refused', { video: video.$id, message });
    }
  }
  // Clips and the result go through a scratch folder, one clip in memory at a time at most:
  // a 512 MB function could not hold a long video's clips and its output at once.
  const work = await mkdtemp(join(tmpdir(), 'combine-'));
  let combineMs: number;
  try {
    const started = Date.now();
    const output = join(work, 'combined.mp4');
    try {
      const paths: string[] = [];
      for (const [i, clip] of decision.clips.entries()) {
        paths.push(join(work, `clip-${i}.mp4`));
        await store.saveFile(bucketIds.clips, clip.fileId, paths[i]!);
      }
      await deps.concat(paths, output);
    } catch (err) {
      const message = `Combining the clips failed: ${safeMessage(err, inv.secrets)}`;
      await moveVideo(store, claimed, 'failed', { error_message: message, finished_at: inv.now().toISOString(), lease_until: null });
      return done('video.combine-failed', { video: video.$id, message });
    }
    combineMs = Date.now() - started;
    try {
      await store.putFile(bucketIds.finals, decision.fileId, { path: output }, ownedFileName(video.$id, `${decision.mode === 'final' ? 'video' : 'partial'}-${video.$id}.mp4`), fileReadPermissions(owner, isPublicVideo(config, video)));
    } catch (err) {
      if (!isFileTooLarge(err)) throw err;
      const message = `The combined video (${Math.round((await stat(output)).size / 1e6)} MB) is larger than the finals bucket accepts; raise the bucket's maximumFileSize (on self-hosted Appwrite also _APP_STORAGE_LIMIT), or choose a lower quality.`;
      await moveVideo(store, claimed, 'failed', { error_message: message, finished_at: inv.now().toISOString(), lease_until: null });
      return done('video.combine-too-large', { video: video.$id, message });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  // What the dashboard and the CLI present as this video's result: a user can write the
  // row's file id and URL, not this entry.
  await inv.ledger.record(ledgerKeys.result(video.$id, decision.fileId), { user: owner, kind: 'result', videoId: video.$id, fileId: decision.fileId });
  const url = await store.playableUrl(bucketIds.finals, decision.fileId);
  const duration = decision.clips.reduce((sum, c) => sum + (c.duration ?? 0), 0);
  const scenes = await store.listScenes(video.$id);
  const renderSeconds = scenes.reduce((sum, s) => sum + (s.render_seconds ?? 0), 0);
  const poster = posterOf(scenes, decision.clips);
  const captions = await writeCaptions(inv, video, decision.clips, scenes, decision.fileId, owner);
  const finishedAt = inv.now().toISOString();

  const finished = decision.mode === 'final'
    ? await moveVideo(store, claimed, 'completed', {
      combined_video_id: decision.fileId, combined_video_url: url, progress: 100, current_scene: null,
      error_message: null, partial_video_id: null, partial_video_url: null,
      duration_seconds: duration, render_seconds: renderSeconds, finished_at: finishedAt, lease_until: null, eta_at: null, ...poster, ...captions,
    })
    : await moveVideo(store, claimed, 'failed', {
      partial_video_id: decision.fileId, partial_video_url: url, current_scene: null,
      error_message: failureMessage(decision.failed),
      duration_seconds: duration, render_seconds: renderSeconds, finished_at: finishedAt, lease_until: null, eta_at: null, ...poster, ...captions,
    });
  // Lost the video to a newer change (a re-run during the combine): that change brings its own combine.
  if (!finished) return ignored('video changed during the combine');
  return done(decision.mode === 'final' ? 'video.combined' : 'video.partial', { video: video.$id, clips: decision.clips.length, file: decision.fileId, combineMs, seconds: duration });
}

/** The video's poster: the thumbnail of its first combined scene that has one. */
function posterOf(scenes: readonly SceneRecord[], clips: readonly { sceneNumber: number }[]): { poster_file_id: string | null; poster_url: string | null } {
  const combined = new Set(clips.map((c) => c.sceneNumber));
  const first = [...scenes].sort((a, b) => a.scene_number - b.scene_number).find((s) => combined.has(s.scene_number) && s.thumbnail_file_id);
  return { poster_file_id: first?.thumbnail_file_id ?? null, poster_url: first?.thumbnail_url ?? null };
}
