import { describe, expect, it } from 'vitest';
import { rewriteManim } from '../../../shared/src/code/rewrite.js';
import { sceneId } from '../../../shared/src/domain/ids.js';
import { LlmError } from '../../../shared/src/llm/errors.js';
import { manimCode, OWNER, scriptedLlm, seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
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
  it('codes a planned scene: a code file only its owner reads, the scene coded, the usage on the video', async () => {
    const inv = setup();
    const llm = writes();
    const outcome = await codeScene({ llm, rewrite: rewriteManim })(inv);

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
    const outcome = await codeScene({ llm, rewrite: rewriteManim })(inv);

    expect(outcome).toEqual({ kind: 'done', event: 'scene.gave-up', fields: { scene: SCENE, attempts: 3 } });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'failed', lease_until: null, error_message: 'gave up after 3 attempts: NameError: name "Dott" is not defined', pipeline_retry: false });
    expect(llm.builds).toBe(0);
  });

  it('starts a user\'s re-run at attempt 1, and continues a pipeline retry with the last attempt\'s code and error', async () => {
    const rerun = setup({ attempt: 3, pipeline_retry: false, error_message: 'old failure' });
    await codeScene({ llm: writes(), rewrite: rewriteManim })(rerun);
    expect(rerun.store.scene(SCENE)).toMatchObject({ status: 'coded', attempt: 1 });

    const retry = setup({ attempt: 1, pipeline_retry: true, error_message: 'render failed', error_log_id: 'log1' });
    retry.store.seedFile('logs', 'log1', 'render: NameError\n\n--- traceback ---\nNameError: Dott\n\n--- code ---\nDott()\n');
    const llm = writes();
    await codeScene({ llm, rewrite: rewriteManim })(retry);
    expect(llm.codes[0]!.previous).toEqual({ code: 'Dott()', error: 'render: NameError\nNameError: Dott' });
    expect(retry.store.scene(SCENE)).toMatchObject({ status: 'coded', attempt: 2 });
  });

  it('sends the scene back to planned with a log when the LLM fails in a way another attempt may fix', async () => {
    const inv = setup();
    const llm = scriptedLlm({ code: () => { throw new LlmError('unavailable', 'the server answered 503'); } });
    expect(await codeScene({ llm, rewrite: rewriteManim })(inv)).toMatchObject({ kind: 'done', event: 'scene.retrying' });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'planned', attempt: 1, error_class: 'llm', error_message: 'the LLM could not write code: the server answered 503' });
    // Marked as the pipeline's retry, so the next claim continues the run.
    expect(scene).toMatchObject({ lease_until: null, pipeline_retry: true });
    expect(inv.store.fileText('logs', scene.error_log_id!)).toContain('llm: the LLM could not write code');
  });

  it('fails the scene at once when the provider refuses the key', async () => {
    const inv = setup();
    const llm = scriptedLlm({ code: () => { throw new LlmError('auth', 'the API key was refused'); } });
    expect(await codeScene({ llm, rewrite: rewriteManim })(inv)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'llm', lease_until: null });
  });

  it('fails the scene when the provider cannot be built or the plan cannot be read', async () => {
    const noProvider = setup();
    const llm = scriptedLlm({ build: () => { throw new LlmError('config', 'provider "gemini" needs GEMINI_API_KEY'); } });
    expect(await codeScene({ llm, rewrite: rewriteManim })(noProvider)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(noProvider.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'llm' });

    const badPlan = setup({ plan: '{not json' });
    expect(await codeScene({ llm: writes(), rewrite: rewriteManim })(badPlan)).toMatchObject({ kind: 'done', event: 'scene.failed' });
    expect(badPlan.store.scene(SCENE)).toMatchObject({ status: 'failed', error_class: 'plan' });
  });

  it('hands the scene back untouched when the video was cancelled while the LLM wrote', async () => {
    const inv = setup();
    const llm = scriptedLlm({ code: () => {
      inv.store.write('videos', VIDEO_ID, { status: 'cancelled' });
      return { code: manimCode('Scene01'), usage: { tokensIn: 1, tokensOut: 1 } };
    } });
    expect(await codeScene({ llm, rewrite: rewriteManim })(inv)).toEqual({ kind: 'ignored', reason: 'video cancelled while coding' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'planned', lease_until: null, code_file_id: null });
  });

  it('ignores a scene that is not planned or whose video was cancelled', async () => {
    const coded = setup({ status: 'coded' });
    expect(await codeScene({ llm: writes(), rewrite: rewriteManim })(coded)).toEqual({ kind: 'ignored', reason: 'scene is coded' });
    const cancelled = setup({}, { status: 'cancelled' });
    expect(await codeScene({ llm: writes(), rewrite: rewriteManim })(cancelled)).toEqual({ kind: 'ignored', reason: 'video cancelled' });
    expect(cancelled.store.scene(SCENE).status).toBe('planned');
  });
});
