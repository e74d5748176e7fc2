import { describe, expect, it } from 'vitest';
import { rewriteManim } from '../../../shared/src/code/rewrite.js';
import { sceneId } from '../../../shared/src/domain/ids.js';
import { LlmError } from '../../../shared/src/llm/errors.js';
import { manimCode, OWNER, scriptedLlm, scriptedSpeakers, seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { codeScene } from './handler.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const SCENE = sceneId(VIDEO_ID, 1);
const writes = (code = manimCode('Scene01')) => scriptedLlm({ code: () => ({ code, usage: { tokensIn: 500, tokensOut: 300 } }) });

function setup(scene: Record<string, unknown> = {}, video: Record<string, unknown> = {}) {
  const inv = testInvocation({ body: { $id: SCENE, status: 'planned' }, now: NOW });
  seedVideo(inv.store, { status: 'rendering', scene_count: 2, owner: OWNER, ...video });
  seedScene(inv.store, 1, scene);
  return inv;
}

describe('code-scene', () => {
  it('speaks a narrated scene before its code is written, stores the audio for the owner, and times the prompt to it', async () => {
    const inv = setup({ narration: 'Light bends in the drop. Colours fan out.' }, { voice_used: 'espeak' });
    const llm = writes();
    const speakers = scriptedSpeakers();
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers })(inv)).toMatchObject({ kind: 'done', event: 'scene.coded', fields: { spoke: true } });

    expect(speakers.voices).toEqual(['espeak']);
    expect(speakers.spoken).toEqual(['Light bends in the drop. Colours fan out.']);
    const scene = inv.store.scene(SCENE);
    expect(scene.audio_file_id).toBeTruthy();
    expect(await inv.store.fileReaders('audio', scene.audio_file_id!)).toEqual([`read("user:${OWNER}")`]);
    const speech = JSON.parse(scene.speech!) as { sentences: { text: string; duration: number }[]; seconds: number };
    expect(speech.sentences.map((s) => s.text)).toEqual(['Light bends in the drop.', 'Colours fan out.']);
    expect(llm.codes[0]!.speech!.sentences).toEqual(speech.sentences);
  });

  it('reuses the audio of an unchanged narration and speaks an edited one again, into a new file', async () => {
    const inv = setup({ narration: 'Light bends in the drop.' }, { voice_used: 'espeak' });
    const speakers = scriptedSpeakers();
    await codeScene({ llm: writes(), rewrite: rewriteManim, speakers })(inv);
    const first = inv.store.scene(SCENE);

    // The user re-runs the scene without touching its words: same audio, nothing spoken.
    await inv.store.updateScene(SCENE, { status: 'planned', lease_until: null });
    const again = writes();
    await codeScene({ llm: again, rewrite: rewriteManim, speakers })(inv);
    expect(speakers.spoken).toHaveLength(1);
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'coded', audio_file_id: first.audio_file_id, speech: first.speech });
    expect(again.codes[0]!.speech!.sentences[0]!.text).toBe('Light bends in the drop.');

    // An edited narration is spoken again, and only it.
    await inv.store.updateScene(SCENE, { status: 'planned', lease_until: null, narration: 'White light splits into seven colours.' });
    const edited = writes();
    await codeScene({ llm: edited, rewrite: rewriteManim, speakers })(inv);
    expect(speakers.spoken).toEqual(['Light bends in the drop.', 'White light splits into seven colours.']);
    expect(inv.store.scene(SCENE).audio_file_id).not.toBe(first.audio_file_id);
    expect(edited.codes[0]!.speech!.sentences.map((s) => s.text)).toEqual(['White light splits into seven colours.']);
  });

  it('writes silent code for a silent video and for a narrated scene with nothing to say', async () => {
    const silent = setup({ narration: 'Never said.' });
    const speakers = scriptedSpeakers();
    const llm = writes();
    await codeScene({ llm, rewrite: rewriteManim, speakers })(silent);
    expect(speakers.spoken).toEqual([]);
    expect(llm.codes[0]!.speech).toBeUndefined();
    expect(silent.store.scene(SCENE).audio_file_id).toBeNull();

    const quiet = setup({ narration: '' }, { voice_used: 'espeak' });
    const quietLlm = writes();
    await codeScene({ llm: quietLlm, rewrite: rewriteManim, speakers })(quiet);
    expect(quietLlm.codes[0]!.speech).toBeUndefined();
    expect(quiet.store.scene(SCENE)).toMatchObject({ status: 'coded', audio_file_id: null });
    expect(JSON.parse(quiet.store.scene(SCENE).speech!)).toMatchObject({ sentences: [] });
  });

  it('treats a voice failure like an LLM failure: a retry while it may pass, a clear failure when it cannot', async () => {
    const busy = setup({ narration: 'Light bends.' }, { voice_used: 'gemini' });
    const llm = writes();
    const overloaded = scriptedSpeakers({ fail: () => new LlmError('unavailable', 'gemini answered HTTP 503: overloaded') });
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers: overloaded })(busy)).toMatchObject({ kind: 'done', event: 'scene.retrying', fields: { errorClass: 'tts' } });
    expect(busy.store.scene(SCENE)).toMatchObject({ status: 'planned', error_class: 'tts', error_message: expect.stringContaining('the narration could not be spoken: gemini answered HTTP 503') });
    expect(llm.codes).toEqual([]);

    const refused = setup({ narration: 'Light bends.' }, { voice_used: 'gemini' });
    const noKey = scriptedSpeakers({ fail: () => new LlmError('auth', 'gemini answered HTTP 403: key refused') });
    expect(await codeScene({ llm: writes(), rewrite: rewriteManim, speakers: noKey })(refused)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(refused.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'tts' });
  });

  it('codes a planned scene: a code file only its owner reads, the scene coded, the usage on the video', async () => {
    const inv = setup();
    const llm = writes();
    const outcome = await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(inv);

    expect(outcome).toMatchObject({ kind: 'done', event: 'scene.coded', fields: { attempt: 1 } });
    expect(llm.codes[0]).toMatchObject({ topic: 'How rainbows form', sceneNumber: 1, sceneCount: 2, className: 'Scene01', quality: 'preview' });
    expect(llm.codes[0]!.previous).toBeUndefined();
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'coded', attempt: 1, lease_until: null });
    expect(inv.store.fileText('code', scene.code_file_id!)).toBe(manimCode('Scene01'));
    expect(await inv.store.fileReaders('code', scene.code_file_id!)).toEqual([`read("user:${OWNER}")`]);
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ tokens_in: 500, tokens_out: 300 });
  });

  it('gives up on a pipeline retry whose run has used its attempts, without asking the LLM', async () => {
    const inv = setup({ attempt: 3, pipeline_retry: true, error_message: 'NameError: name "Dott" is not defined' });
    const llm = writes();
    const outcome = await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(inv);

    expect(outcome).toEqual({ kind: 'done', event: 'scene.gave-up', fields: { scene: SCENE, attempts: 3 } });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'failed', lease_until: null, error_message: 'gave up after 3 attempts: NameError: name "Dott" is not defined', pipeline_retry: false });
    expect(llm.builds).toBe(0);
  });

  it('starts a user\'s re-run at attempt 1, and continues a pipeline retry with the last attempt\'s code and error', async () => {
    const rerun = setup({ attempt: 3, pipeline_retry: false, error_message: 'old failure' });
    await codeScene({ llm: writes(), rewrite: rewriteManim, speakers: scriptedSpeakers() })(rerun);
    expect(rerun.store.scene(SCENE)).toMatchObject({ status: 'coded', attempt: 1 });

    const retry = setup({ attempt: 1, pipeline_retry: true, error_message: 'render failed', error_log_id: 'log1' });
    retry.store.seedFile('logs', 'log1', 'render: NameError\n\n--- traceback ---\nNameError: Dott\n\n--- code ---\nDott()\n');
    const llm = writes();
    await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(retry);
    expect(llm.codes[0]!.previous).toEqual({ code: 'Dott()', error: 'render: NameError\nNameError: Dott' });
    expect(retry.store.scene(SCENE)).toMatchObject({ status: 'coded', attempt: 2 });
  });

  it('sends the scene back to planned with a log when the LLM fails in a way another attempt may fix', async () => {
    const inv = setup();
    const llm = scriptedLlm({ code: () => { throw new LlmError('unavailable', 'the server answered 503'); } });
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(inv)).toMatchObject({ kind: 'done', event: 'scene.retrying' });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'planned', attempt: 1, error_class: 'llm', error_message: 'the LLM could not write code: the server answered 503' });
    // Marked as the pipeline's retry, so the next claim continues the run.
    expect(scene).toMatchObject({ lease_until: null, pipeline_retry: true });
    expect(inv.store.fileText('logs', scene.error_log_id!)).toContain('llm: the LLM could not write code');
  });

  it('fails the scene at once when the provider refuses the key', async () => {
    const inv = setup();
    const llm = scriptedLlm({ code: () => { throw new LlmError('auth', 'the API key was refused'); } });
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(inv)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'llm', lease_until: null });
  });

  it('fails the scene when the provider cannot be built or the plan cannot be read', async () => {
    const noProvider = setup();
    const llm = scriptedLlm({ build: () => { throw new LlmError('config', 'provider "gemini" needs GEMINI_API_KEY'); } });
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(noProvider)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(noProvider.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'llm' });

    const badPlan = setup({ plan: '{not json' });
    expect(await codeScene({ llm: writes(), rewrite: rewriteManim, speakers: scriptedSpeakers() })(badPlan)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(badPlan.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'plan' });
  });

  it('hands the scene back untouched when the video was cancelled while the LLM wrote', async () => {
    const inv = setup();
    const llm = scriptedLlm({ code: () => {
      inv.store.write('videos', VIDEO_ID, { status: 'cancelled' });
      return { code: manimCode('Scene01'), usage: { tokensIn: 1, tokensOut: 1 } };
    } });
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(inv)).toEqual({ kind: 'ignored', reason: 'video cancelled while coding' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'planned', lease_until: null, code_file_id: null });
  });

  it('ignores a scene that is not planned or whose video was cancelled', async () => {
    const coded = setup({ status: 'coded' });
    expect(await codeScene({ llm: writes(), rewrite: rewriteManim, speakers: scriptedSpeakers() })(coded)).toEqual({ kind: 'ignored', reason: 'scene is coded' });
    const cancelled = setup({}, { status: 'cancelled' });
    expect(await codeScene({ llm: writes(), rewrite: rewriteManim, speakers: scriptedSpeakers() })(cancelled)).toEqual({ kind: 'ignored', reason: 'video cancelled' });
    expect(cancelled.store.scene(SCENE).status).toBe('planned');
  });

describe('code-scene limits', () => {
  const rerunBy = (user: string | null, env: Record<string, string> = {}) => {
    const inv = testInvocation({ body: { $id: SCENE, status: 'planned', $updatedAt: NOW.toISOString() }, now: NOW, actor: user, env });
    seedVideo(inv.store, { status: 'completed', scene_count: 2, owner: OWNER });
    seedScene(inv.store, 1);
    return inv;
  };

  it('records a user\'s re-run and stops at the per-scene budget with a message, before any LLM call', async () => {
    const inv = rerunBy(OWNER, { QUOTA_RERUNS_PER_SCENE: '2' });
    for (const at of ['2026-03-01T09:00:00.000Z', '2026-03-01T09:30:00.000Z']) {
      await inv.ledger.record(`${SCENE}\n${at}`, { user: OWNER, kind: 'rerun', videoId: VIDEO_ID, sceneId: SCENE });
    }
    const llm = writes();
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(inv)).toMatchObject({ kind: 'done', event: 'scene.rerun-refused' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'budget', error_message: expect.stringContaining('re-run 2 times (the limit is 2 per scene)') });
    expect(llm.builds).toBe(0);
  });

  it('counts a re-run only when a user\'s write caused the event, and every LLM call as spend', async () => {
    const byUser = rerunBy(OWNER);
    await codeScene({ llm: writes(), rewrite: rewriteManim, speakers: scriptedSpeakers() })(byUser);
    expect(byUser.ledger.entries.map((e) => [e.kind, e.user, e.sceneId])).toEqual([['rerun', OWNER, SCENE], ['spend', OWNER, SCENE]]);
    expect(byUser.ledger.entries[1]!.amount).toBeGreaterThan(0);

    const byPipeline = rerunBy(null);
    await codeScene({ llm: writes(), rewrite: rewriteManim, speakers: scriptedSpeakers() })(byPipeline);
    expect(byPipeline.ledger.entries.map((e) => e.kind)).toEqual(['spend']);
  });

  it('caps the LLM calls of a scene from the ledger, whatever attempt the user writes', async () => {
    const inv = rerunBy(null, { MAX_ATTEMPTS: '2', QUOTA_RERUNS_PER_SCENE: '1' });
    for (let i = 0; i < 4; i++) await inv.ledger.record(`call${i}`, { user: OWNER, kind: 'spend', videoId: VIDEO_ID, sceneId: SCENE });
    inv.store.write('scenes', SCENE, { attempt: 0, lease_until: null });
    const llm = writes();
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(inv)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(inv.store.scene(SCENE).error_message).toContain('used all 4 LLM calls');
    expect(llm.builds).toBe(0);
  });

  it('refuses once the owner\'s daily cost cap is spent', async () => {
    const inv = rerunBy(null, { QUOTA_COST_USD_PER_DAY: '0.5' });
    await inv.ledger.record('plan', { user: OWNER, kind: 'spend', videoId: VIDEO_ID, amount: 0.5 });
    const llm = writes();
    await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })(inv);
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'budget', error_message: expect.stringContaining('daily budget of $0.50') });
    expect(llm.builds).toBe(0);
  });
});
});
