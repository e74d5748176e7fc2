import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { combineLockId, finalFileId, sceneId } from '../../../shared/src/domain/ids.js';
import type { Concat } from '../../../shared/src/pipeline/ports.js';
import { OWNER, seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { combineSeconds, ETA_PRIOR } from '../../../shared/src/stats/eta.js';
import { combineVideo } from './handler.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const mine = [`read("user:${OWNER}")`];

/** A concat that joins the clip files' bytes and records the clips it was given, in order. */
type ScriptedConcat = Concat & { calls: Uint8Array[][] };
function joins(): ScriptedConcat {
  const calls: Uint8Array[][] = [];
  return Object.assign(async (clipPaths: string[], outPath: string) => {
    const clips = await Promise.all(clipPaths.map((p) => readFile(p)));
    calls.push(clips);
    await writeFile(outPath, new Uint8Array(clips.flatMap((c) => [...c])));
  }, { calls });
}

function setup(video: Record<string, unknown> = {}) {
  const inv = testInvocation({ body: { video_id: VIDEO_ID }, now: NOW });
  seedVideo(inv.store, { status: 'rendering', scene_count: 2, owner: OWNER, progress: 40, ...video });
  return inv;
}

/** A scene finished with a clip of its own (file `clip<n>`, bytes [n]). */
function renderedScene(inv: ReturnType<typeof setup>, n: number, permissions = mine) {
  inv.store.seedFile('clips', `clip${n}`, new Uint8Array([n]), permissions);
  return seedScene(inv.store, n, { status: 'rendered', attempt: 1, renders: 1, code_file_id: `code${n}`, video_file_id: `clip${n}`, duration_seconds: 5, render_seconds: 2 });
}

describe('combine-video', () => {
  it('writes progress and the current scene while scenes are under way', async () => {
    const inv = setup();
    renderedScene(inv, 1);
    seedScene(inv.store, 2, { status: 'rendering' });
    expect(await combineVideo({ concat: joins() })(inv)).toMatchObject({ kind: 'done', event: 'video.progressed' });
    const video = inv.store.video(VIDEO_ID);
    expect(video).toMatchObject({ status: 'rendering', current_scene: 2 });
    expect(video.progress).toBeGreaterThan(40);
  });

  it('revises the ETA as scenes finish, from the work left spread over the deployment\'s scene slots', async () => {
    const inv = setup({ scene_count: 4, quality: 'preview', eta_at: '2026-03-01T11:00:00.000Z' });
    renderedScene(inv, 1);
    seedScene(inv.store, 2, { status: 'rendering' });
    seedScene(inv.store, 3);
    seedScene(inv.store, 4);
    const run = combineVideo({ concat: joins() });
    await run(inv);
    const before = Date.parse(inv.store.video(VIDEO_ID).eta_at!);
    // Left: half a scene and two whole ones over 2 slots (STUDIO_PARALLEL_SCENES' default).
    expect(before - NOW.getTime()).toBe(Math.round(ETA_PRIOR.sceneSeconds.preview * 1.25 + combineSeconds(4)) * 1000);

    inv.store.seedFile('clips', 'clip2', new Uint8Array([2]), mine);
    await inv.store.updateScene(sceneId(VIDEO_ID, 2), { status: 'rendered', video_file_id: 'clip2', code_file_id: 'code2', duration_seconds: 5 });
    await run(inv);
    const after = Date.parse(inv.store.video(VIDEO_ID).eta_at!);
    expect(after - NOW.getTime()).toBe(Math.round(ETA_PRIOR.sceneSeconds.preview * 1 + combineSeconds(4)) * 1000);
    expect(after).toBeLessThan(before);
  });

  it('combines every clip, in scene order, into the final video once all scenes are rendered', async () => {
    const inv = setup({ eta_at: '2026-03-01T10:01:00.000Z' });
    renderedScene(inv, 2);
    renderedScene(inv, 1);
    const concat = joins();
    expect(await combineVideo({ concat })(inv)).toMatchObject({ kind: 'done', event: 'video.combined', fields: { clips: 2 } });
    expect(concat.calls.map((clips) => clips.map((c) => [...c]))).toEqual([[[1], [2]]]);
    const fileId = finalFileId(VIDEO_ID, ['clip1', 'clip2']);
    expect(inv.store.video(VIDEO_ID)).toMatchObject({
      status: 'completed', progress: 100, combined_video_id: fileId, duration_seconds: 10, render_seconds: 4, lease_until: null, finished_at: NOW.toISOString(), eta_at: null,
    });
    expect(await inv.store.fileReaders('finals', fileId)).toEqual(mine);
    expect(inv.store.rows.locks.has(combineLockId(VIDEO_ID, ['clip1', 'clip2']))).toBe(true);
  });

  it('writes WebVTT captions of a narrated video beside it: every clip\'s cues offset by the clips before it', async () => {
    const inv = setup({ voice_used: 'espeak' });
    renderedScene(inv, 1);
    renderedScene(inv, 2);
    await inv.store.updateScene(sceneId(VIDEO_ID, 1), { cues: JSON.stringify([{ start: 0.5, end: 2, text: 'First scene.' }]) });
    await inv.store.updateScene(sceneId(VIDEO_ID, 2), { cues: JSON.stringify([{ start: 1, end: 3, text: 'Second <scene>.' }]) });
    expect(await combineVideo({ concat: joins() })(inv)).toMatchObject({ kind: 'done', event: 'video.combined' });
    const video = inv.store.video(VIDEO_ID);
    expect(video.captions_url).toContain(`/files/${video.captions_file_id}/view`);
    expect(new URL(video.combined_video_url!).searchParams.get('token')).toBe(`memory.finals.${video.combined_video_id}`);
    expect(await inv.store.fileReaders('finals', video.captions_file_id!)).toEqual(mine);
    expect(inv.store.fileText('finals', video.captions_file_id!)).toBe('WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.000\nFirst scene.\n\n2\n00:00:06.000 --> 00:00:08.000\nSecond &lt;scene&gt;.\n\n');

    const silent = setup();
    renderedScene(silent, 1);
    renderedScene(silent, 2);
    await combineVideo({ concat: joins() })(silent);
    expect(silent.store.video(VIDEO_ID)).toMatchObject({ status: 'completed', captions_file_id: null, captions_url: null });
  });

  it('sends a scene marked rendered without a clip back to be rendered (or coded) for real', async () => {
    const inv = setup();
    renderedScene(inv, 1);
    seedScene(inv.store, 2, { status: 'rendered', code_file_id: 'code2' });
    const concat = joins();
    expect(await combineVideo({ concat })(inv)).toEqual({ kind: 'done', event: 'scene.repaired', fields: { scene: sceneId(VIDEO_ID, 2), to: 'coded' } });
    expect(inv.store.scene(sceneId(VIDEO_ID, 2))).toMatchObject({ status: 'coded', error_class: 'status' });
    expect(concat.calls).toEqual([]);

    const noCode = setup();
    seedScene(noCode.store, 1, { status: 'rendered' });
    await combineVideo({ concat })(noCode);
    expect(noCode.store.scene(sceneId(VIDEO_ID, 1)).status).toBe('planned');
  });

  it('takes over a combine whose lock exists but whose lease has run out', async () => {
    const inv = setup({ status: 'combining', lease_until: '2026-03-01T09:50:00.000Z' });
    renderedScene(inv, 1);
    renderedScene(inv, 2);
    await inv.store.createLock(combineLockId(VIDEO_ID, ['clip1', 'clip2']), { video_id: VIDEO_ID, purpose: 'final' });
    expect(await combineVideo({ concat: joins() })(inv)).toMatchObject({ kind: 'done', event: 'video.combined' });
    expect(inv.store.video(VIDEO_ID).status).toBe('completed');
  });

  it('leaves a combine alone while its lock is held under a live lease', async () => {
    const inv = setup({ status: 'combining', lease_until: '2026-03-01T10:05:00.000Z' });
    renderedScene(inv, 1);
    renderedScene(inv, 2);
    await inv.store.createLock(combineLockId(VIDEO_ID, ['clip1', 'clip2']), { video_id: VIDEO_ID, purpose: 'final' });
    const concat = joins();
    expect(await combineVideo({ concat })(inv)).toEqual({ kind: 'ignored', reason: 'another execution is combining this clip set' });
    expect(concat.calls).toEqual([]);
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'combining', lease_until: '2026-03-01T10:05:00.000Z' });
  });

  it('makes a partial video of the rendered scenes when others failed, and fails a video with none', async () => {
    const inv = setup();
    renderedScene(inv, 1);
    seedScene(inv.store, 2, { status: 'failed', error_class: 'NameError', error_message: 'Dott' });
    expect(await combineVideo({ concat: joins() })(inv)).toMatchObject({ kind: 'done', event: 'video.partial', fields: { clips: 1 } });
    const video = inv.store.video(VIDEO_ID);
    expect(video).toMatchObject({ status: 'failed', partial_video_id: finalFileId(VIDEO_ID, ['partial', 'clip1']), combined_video_id: null });
    expect(video.error_message).toContain('scene 2');

    const none = setup();
    seedScene(none.store, 1, { status: 'failed', error_message: 'boom' });
    seedScene(none.store, 2, { status: 'failed', error_message: 'boom' });
    expect(await combineVideo({ concat: joins() })(none)).toMatchObject({ kind: 'done', event: 'video.failed' });
    expect(none.store.video(VIDEO_ID)).toMatchObject({ status: 'failed', partial_video_id: null });
  });

  it('refuses to publish a clip the video\'s owner could not read', async () => {
    const inv = setup();
    renderedScene(inv, 1);
    renderedScene(inv, 2, ['read("user:someone-else")']);
    const concat = joins();
    expect(await combineVideo({ concat })(inv)).toMatchObject({ kind: 'done', event: 'video.combine-refused' });
    expect(inv.store.video(VIDEO_ID).status).toBe('failed');
    expect(concat.calls).toEqual([]);
  });

  it('fails the video with the reason when the clips cannot be combined', async () => {
    const inv = setup();
    renderedScene(inv, 1);
    renderedScene(inv, 2);
    const broken: Concat = async () => { throw new Error('clip 2 has no video track'); };
    expect(await combineVideo({ concat: broken })(inv)).toMatchObject({ kind: 'done', event: 'video.combine-failed' });
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'failed', error_message: 'Combining the clips failed: clip 2 has no video track', lease_until: null });
  });

  it('does nothing for a cancelled video or a body without a video', async () => {
    const inv = setup({ status: 'cancelled' });
    seedScene(inv.store, 1, { status: 'rendered' });
    expect(await combineVideo({ concat: joins() })(inv)).toEqual({ kind: 'ignored', reason: 'video is cancelled' });
    expect(inv.store.scene(sceneId(VIDEO_ID, 1)).status).toBe('rendered');
    expect(await combineVideo({ concat: joins() })(testInvocation({ body: {} }))).toEqual({ kind: 'ignored', reason: 'no video id in the body' });
  });
});
