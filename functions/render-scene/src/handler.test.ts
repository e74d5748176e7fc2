import { describe, expect, it } from 'vitest';
import { sceneId } from '../../../shared/src/domain/ids.js';
import type { RenderJob, RenderResult, RendererFactory } from '../../../shared/src/pipeline/ports.js';
import { aRenderedClip, aRenderFailure, manimCode, OWNER, seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { renderScene } from './handler.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const SCENE = sceneId(VIDEO_ID, 1);

type ScriptedRenderer = RendererFactory & { jobs: RenderJob[] };
function renderer(answer: (job: RenderJob) => RenderResult): ScriptedRenderer {
  const jobs: RenderJob[] = [];
  return Object.assign(async () => ({ render: async (job: RenderJob) => { jobs.push(job); return answer(job); } }), { jobs });
}
const renders = () => renderer(() => aRenderedClip({ durationSeconds: 6.2, renderSeconds: 3.1 }));
const crashes = () => renderer(() => aRenderFailure());

function setup(scene: Record<string, unknown> = {}, video: Record<string, unknown> = {}) {
  const inv = testInvocation({ body: { $id: SCENE, status: 'coded' }, now: NOW });
  seedVideo(inv.store, { status: 'rendering', scene_count: 1, owner: OWNER, quality: 'standard', ...video });
  inv.store.seedFile('code', 'code1', manimCode('Scene01'), [`read("user:${OWNER}")`]);
  seedScene(inv.store, 1, { status: 'coded', attempt: 1, code_file_id: 'code1', ...scene });
  return inv;
}

describe('render-scene', () => {
  it('renders a coded scene at the video\'s preset into a clip only its owner reads', async () => {
    const inv = setup();
    const r = renders();
    expect(await renderScene({ renderer: r })(inv)).toMatchObject({ kind: 'done', event: 'scene.rendered', fields: { render: 1 } });
    expect(r.jobs).toEqual([{ code: manimCode('Scene01'), className: 'Scene01', quality: 'standard', aspectRatio: '16:9', priority: 'normal' }]);
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'rendered', renders: 1, duration_seconds: 6.2, render_seconds: 3.1, lease_until: null, error_class: null });
    expect(await inv.store.fileReaders('clips', scene.video_file_id!)).toEqual([`read("user:${OWNER}")`]);
    expect(scene.video_url).toContain(`/files/${scene.video_file_id}/view`);
    // The URL a <video> on another domain plays: it carries a token for this clip.
    expect(new URL(scene.video_url!).searchParams.get('token')).toBe(`memory.clips.${scene.video_file_id}`);
  });

  it('plays a narrated scene\'s prepared audio (or silence) and keeps the cues the render reports', async () => {
    const sentences = [{ text: 'Light bends.', start: 0, duration: 1.4 }];
    const speech = JSON.stringify({ voice: 'espeak:test', sentences, seconds: 1.4 });
    const inv = setup({ audio_file_id: 'audio1', speech }, { voice_used: 'espeak' });
    inv.store.seedFile('audio', 'audio1', 'RIFF-audio', [`read("user:${OWNER}")`]);
    const cues = [{ start: 0.2, end: 1.6, text: 'Light bends.' }];
    const r = renderer(() => aRenderedClip({ durationSeconds: 2, renderSeconds: 1, cues }));
    expect(await renderScene({ renderer: r })(inv)).toMatchObject({ kind: 'done', event: 'scene.rendered' });
    expect(r.jobs[0]!.narration).toEqual({ audioBase64: Buffer.from('RIFF-audio').toString('base64'), sentences });
    expect(JSON.parse(inv.store.scene(SCENE).cues!)).toEqual(cues);

    // A scene of a narrated video with nothing to say still gets an audio track (silence).
    const quiet = setup({ speech: JSON.stringify({ voice: 'espeak:test', sentences: [], seconds: 0 }) }, { voice_used: 'espeak' });
    const q = renders();
    await renderScene({ renderer: q })(quiet);
    expect(q.jobs[0]!.narration).toEqual({ sentences: [] });

    // Someone else's audio file is refused like someone else's code file.
    const foreign = setup({ audio_file_id: 'theirs', speech }, { voice_used: 'espeak' });
    foreign.store.seedFile('audio', 'theirs', 'RIFF', ['read("user:someone-else")']);
    const f = renders();
    expect(await renderScene({ renderer: f })(foreign)).toMatchObject({ kind: 'done' });
    expect(f.jobs).toEqual([]);
    expect(foreign.store.scene(SCENE)).toMatchObject({ status: 'planned', error_class: 'tts' });
  });

  it('sends a failed render back to planned with its traceback while attempts remain', async () => {
    const inv = setup();
    expect(await renderScene({ renderer: crashes() })(inv)).toMatchObject({ kind: 'done', event: 'scene.render-failed' });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'planned', error_class: 'runtime', error_message: "NameError: name 'Dott' is not defined", lease_until: null, pipeline_retry: true });
    const log = inv.store.fileText('logs', scene.error_log_id!)!;
    expect(log).toContain('--- traceback ---\nTraceback (most recent call last):');
    expect(log).toContain(`--- code ---\n${manimCode('Scene01')}`);
  });

  it('fails the scene when the render fails on its last attempt', async () => {
    const inv = setup({ attempt: 3 });
    expect(await renderScene({ renderer: crashes() })(inv)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'failed', lease_until: null, error_class: 'runtime' });
  });

  it('refuses a code file its owner could not read, without rendering it', async () => {
    const inv = setup({ code_file_id: 'theirs' });
    inv.store.seedFile('code', 'theirs', manimCode('Scene01'), ['read("user:someone-else")']);
    const r = renders();
    expect(await renderScene({ renderer: r })(inv)).toMatchObject({ kind: 'done', event: 'scene.render-failed' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'planned', error_class: 'code' });
    expect(r.jobs).toEqual([]);
  });

  it('fails at once on invalid video input', async () => {
    const inv = setup({}, { aspect_ratio: '4:3' });
    expect(await renderScene({ renderer: renders() })(inv)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'input' });
  });

  it('keeps nothing of a render whose video was cancelled meanwhile', async () => {
    const inv = setup();
    const r = renderer(() => {
      inv.store.write('videos', VIDEO_ID, { status: 'cancelled' });
      return aRenderedClip();
    });
    expect(await renderScene({ renderer: r })(inv)).toEqual({ kind: 'ignored', reason: 'video cancelled while rendering' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'coded', video_file_id: null, lease_until: null });
    expect([...inv.store.files.keys()].filter((k) => k.startsWith('clips/'))).toEqual([]);
  });

  it('backs off when another execution claimed the scene first', async () => {
    const inv = setup();
    inv.store.beforeNextUpdate(SCENE, () => inv.store.write('scenes', SCENE, { status: 'rendering' }));
    const r = renders();
    expect(await renderScene({ renderer: r })(inv)).toEqual({ kind: 'ignored', reason: 'another execution claimed the scene' });
    expect(r.jobs).toEqual([]);
  });
});
