import { describe, expect, it } from 'vitest';
import { decodeScenePlan } from '../../../shared/src/domain/plan.js';
import { sceneId } from '../../../shared/src/domain/ids.js';
import { LlmError } from '../../../shared/src/llm/errors.js';
import { aPlannedScene, aScenePlan, OWNER, scriptedLlm, seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { planVideo } from './handler.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const voice = () => 'espeak' as const;
const threeScenes = () => ({ plan: { title: 'Rainbows', scenes: [aPlannedScene(1), aPlannedScene(2), aPlannedScene(3)] }, usage: { tokensIn: 1200, tokensOut: 800 } });

function setup(columns: Record<string, unknown> = {}) {
  const inv = testInvocation({ body: { $id: VIDEO_ID, status: 'queued' }, now: NOW });
  seedVideo(inv.store, columns);
  return inv;
}

describe('plan-video', () => {
  it('plans a queued video: one planned scene row per scene, the video rendering with its usage', async () => {
    const inv = setup({ max_scenes: 4 });
    const llm = scriptedLlm({ plan: threeScenes });
    const outcome = await planVideo({ llm, voice })(inv);

    expect(outcome).toMatchObject({ kind: 'done', event: 'video.planned' });
    expect(llm.plans).toEqual([{ topic: 'How rainbows form', description: '', maxScenes: 4, aspectRatio: '16:9' }]);
    const scenes = await inv.store.listScenes(VIDEO_ID);
    expect(scenes.map((s) => [s.$id, s.status, s.attempt, s.owner])).toEqual([1, 2, 3].map((n) => [sceneId(VIDEO_ID, n), 'planned', 0, OWNER]));
    expect(decodeScenePlan(scenes[1]!.plan!)).toEqual(aScenePlan(2));
    // The narration has a column of its own (a user may edit it), outside the stored plan.
    expect(scenes[1]!.narration).toBe(aPlannedScene(2).narration);
    expect((await inv.store.getVideo(VIDEO_ID))!.voice_used).toBe('espeak');
    // The owner may update a scene (that is how a re-run is asked for), nobody else may read it.
    expect(scenes[0]!.$permissions).toEqual([`read("user:${OWNER}")`, `update("user:${OWNER}")`]);
    expect(inv.store.video(VIDEO_ID)).toMatchObject({
      status: 'rendering', scene_count: 3, owner: OWNER, provider_used: 'gemini', tokens_in: 1200, tokens_out: 800,
      progress: 10, lease_until: null, planned_at: NOW.toISOString(), started_at: NOW.toISOString(),
    });
    expect(inv.store.video(VIDEO_ID).cost_usd).toBeGreaterThan(0);
  });

  it('sets the ETA at planning from this deployment\'s earlier videos of the same quality, scaled by scene count and slots', async () => {
    const inv = setup({ max_scenes: 4, quality: 'standard' });
    // Two earlier standard videos of 2 scenes: 10 s to plan, 62 s from plan to finish
    // (3 s of it the combine), so 59 s a scene with 2 scenes at once; a preview one says nothing of standard.
    for (const [id, quality] of [['old1', 'standard'], ['old2', 'standard'], ['old3', 'preview']] as const) {
      inv.store.seedVideo({ $id: id, topic: 'Earlier', status: 'completed', quality, scene_count: 2, started_at: '2026-02-28T09:00:00.000Z', planned_at: '2026-02-28T09:00:10.000Z', finished_at: quality === 'preview' ? '2026-02-28T09:00:20.000Z' : '2026-02-28T09:01:12.000Z' }, []);
    }
    await planVideo({ llm: scriptedLlm({ plan: threeScenes }), voice })(inv);
    // Three scenes over 2 slots: 1.5 × 59 s, then 3.5 s to combine.
    expect(inv.store.video(VIDEO_ID).eta_at).toBe(new Date(NOW.getTime() + 92_000).toISOString());
  });

  it('records the voice on the video before the first scene row exists (code-scene speaks a scene as soon as it appears)', async () => {
    const inv = setup();
    const voicesSeen: (string | null)[] = [];
    const createScene = inv.store.createScene.bind(inv.store);
    inv.store.createScene = async (...args) => {
      voicesSeen.push(inv.store.video(VIDEO_ID).voice_used ?? null);
      return createScene(...args);
    };
    await planVideo({ llm: scriptedLlm({ plan: threeScenes }), voice })(inv);
    expect(voicesSeen).toEqual(['espeak', 'espeak', 'espeak']);
  });

  it('ignores an event for another status and a video that is no longer queued', async () => {
    const llm = scriptedLlm({ plan: threeScenes });
    const stale = setup({ status: 'rendering' });
    expect(await planVideo({ llm, voice })(stale)).toEqual({ kind: 'ignored', reason: 'video is rendering' });
    const wrongEvent = testInvocation({ body: { $id: VIDEO_ID, status: 'failed' } });
    expect(await planVideo({ llm, voice })(wrongEvent)).toMatchObject({ kind: 'ignored' });
    expect(llm.builds).toBe(0);
  });

  it('backs off when another execution claims the video first', async () => {
    const inv = setup();
    inv.store.beforeNextUpdate(VIDEO_ID, () => inv.store.write('videos', VIDEO_ID, { error_message: 'someone else' }));
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm, voice })(inv)).toEqual({ kind: 'ignored', reason: 'another execution claimed the video' });
    expect(inv.store.video(VIDEO_ID).status).toBe('queued');
  });

  it('resumes a run that died after moving on from its scene rows, without planning again', async () => {
    const inv = setup({ planned_at: '2026-03-01T09:00:00.000Z', scene_count: 2 });
    seedScene(inv.store, 1);
    seedScene(inv.store, 2, { status: 'rendered' });
    const llm = scriptedLlm({ plan: threeScenes });
    const outcome = await planVideo({ llm, voice })(inv);

    expect(outcome).toEqual({ kind: 'done', event: 'video.plan-resumed', fields: { video: VIDEO_ID, scenes: 2 } });
    expect(llm.builds).toBe(0);
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'rendering', scene_count: 2, lease_until: null, planned_at: NOW.toISOString() });
    expect(inv.store.scene(sceneId(VIDEO_ID, 2)).status).toBe('rendered');
  });

  it('plans again a run that died between its scene rows, creating only the missing ones', async () => {
    const inv = setup();
    seedScene(inv.store, 1, { title: 'kept as it was' });
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm, voice })(inv)).toMatchObject({ kind: 'done', event: 'video.planned' });
    const scenes = await inv.store.listScenes(VIDEO_ID);
    expect(scenes.map((s) => s.title)).toEqual(['kept as it was', aScenePlan(2).title, aScenePlan(3).title]);
    expect(inv.store.video(VIDEO_ID).scene_count).toBe(3);
  });

  it('rejects invalid input with a message a person can act on, before any LLM is built', async () => {
    const inv = setup({ quality: 'ultra' });
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm, voice })(inv)).toMatchObject({ kind: 'done', event: 'input.rejected' });
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'failed', error_message: 'quality must be one of preview, standard, high', lease_until: null, finished_at: NOW.toISOString() });
    expect(llm.builds).toBe(0);
  });

  it('rejects a video over the owner\'s quota of videos in progress, counted from the ledger, not the owner column', async () => {
    const inv = setup();
    for (const id of ['older1', 'older2', 'older3']) {
      // The user rewrote the owner column of their running videos: it does not matter.
      inv.store.seedVideo({ $id: id, topic: 'Older video', status: 'rendering', owner: 'somebody-else' });
      await inv.ledger.record(id, { user: OWNER, kind: 'creation', videoId: id });
    }
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm, voice })(inv)).toMatchObject({ kind: 'done', event: 'quota.exceeded' });
    expect(inv.store.video(VIDEO_ID).error_message).toContain('You already have 3 videos in progress');
    expect(llm.builds).toBe(0);
  });

  it('counts videos per hour from the ledger, so deleting earlier videos gives nothing back', async () => {
    const inv = setup();
    // 20 creations in the last hour whose rows the user has since deleted.
    for (let i = 0; i < 20; i++) await inv.ledger.record(`gone${i}`, { user: OWNER, kind: 'creation', videoId: `gone${i}` });
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm, voice })(inv)).toMatchObject({ kind: 'done', event: 'quota.exceeded' });
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'failed', error_message: expect.stringMatching(/created 20 videos in the last hour.*Deleting videos does not give them back/) });
  });

  it('takes the owner from the event\'s user, not from the permissions or the owner column, and sets the row\'s permissions', async () => {
    const inv = testInvocation({ body: { $id: VIDEO_ID, status: 'queued' }, now: NOW, actor: 'alice' });
    inv.store.seedVideo({ $id: VIDEO_ID, topic: 'How rainbows form', status: 'queued', owner: 'mallory' }, ['read("any")']);
    await planVideo({ llm: scriptedLlm({ plan: threeScenes }), voice })(inv);
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'rendering', owner: 'alice' });
    // read("any") is dropped: the operator did not allow public videos.
    expect(inv.store.video(VIDEO_ID).$permissions).toEqual(['read("user:alice")', 'update("user:alice")', 'delete("user:alice")']);
    expect(inv.ledger.entries.find((e) => e.kind === 'creation')).toMatchObject({ user: 'alice', videoId: VIDEO_ID });
    expect((await inv.store.listScenes(VIDEO_ID))[0]!.$permissions).toEqual(['read("user:alice")', 'update("user:alice")']);
    expect(inv.ledger.entries.filter((e) => e.kind === 'spend')).toHaveLength(1);
  });

  it('keeps a public video public where the operator allows it, and still holds it to the limits', async () => {
    const inv = testInvocation({ body: { $id: VIDEO_ID, status: 'queued' }, now: NOW, actor: 'alice', env: { STUDIO_PUBLIC_VIDEOS: '1', QUOTA_VIDEOS_PER_HOUR: '1' } });
    inv.store.seedVideo({ $id: VIDEO_ID, topic: 'How rainbows form', status: 'queued' }, ['read("any")']);
    await inv.ledger.record('earlier', { user: 'alice', kind: 'creation', videoId: 'earlier' });
    expect(await planVideo({ llm: scriptedLlm({ plan: threeScenes }), voice })(inv)).toMatchObject({ kind: 'done', event: 'quota.exceeded' });
    expect(inv.store.video(VIDEO_ID).$permissions).toContain('read("any")');
  });

  it('refuses a video whose creator cannot be established, and never leaves it queued', async () => {
    // A direct execution (no event user), no ledger entry, no user in the permissions.
    const inv = testInvocation({ body: { $id: VIDEO_ID, status: 'queued' }, now: NOW, trigger: 'http', actor: 'alice' });
    inv.store.seedVideo({ $id: VIDEO_ID, topic: 'How rainbows form', status: 'queued', owner: 'alice' }, ['read("any")']);
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm, voice })(inv)).toMatchObject({ kind: 'done', event: 'creator.unknown' });
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'failed', error_message: expect.stringContaining('could not be established') });
    expect(llm.builds).toBe(0);
  });

  it('accepts what the API key creates without per-user counts, under the key principal', async () => {
    const inv = testInvocation({ body: { $id: VIDEO_ID, status: 'queued' }, now: NOW, actor: null, env: { QUOTA_VIDEOS_PER_HOUR: '1' } });
    inv.store.seedVideo({ $id: VIDEO_ID, topic: 'How rainbows form', status: 'queued' }, []);
    await inv.ledger.record('earlier', { user: '@key', kind: 'creation', videoId: 'earlier' });
    expect(await planVideo({ llm: scriptedLlm({ plan: threeScenes }), voice })(inv)).toMatchObject({ kind: 'done', event: 'video.planned' });
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'rendering', owner: '@key', $permissions: [] });
  });

  it('refuses before any LLM call once the owner\'s daily budget is spent', async () => {
    const inv = setup();
    const yesterday = await inv.ledger.record('old', { user: OWNER, kind: 'spend', amount: 4 });
    expect(yesterday).toBe('recorded');
    inv.ledger.entries[0]!.at = '2026-02-28T09:00:00.000Z';
    await inv.ledger.record('today', { user: OWNER, kind: 'spend', amount: 5 });
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm, voice })(inv)).toMatchObject({ kind: 'done', event: 'budget.exceeded' });
    expect(inv.store.video(VIDEO_ID).error_message).toMatch(/daily budget of \$5\.00 .* is spent \(\$5\.00 in the last 24 hours\)/);
    expect(llm.builds).toBe(0);
  });

  it('fails the video when the provider cannot be built or the plan fails', async () => {
    const unbuildable = setup();
    const noKey = scriptedLlm({ build: () => { throw new LlmError('config', 'provider "gemini" needs GEMINI_API_KEY'); } });
    expect(await planVideo({ llm: noKey, voice })(unbuildable)).toMatchObject({ kind: 'done', event: 'provider.unavailable' });
    expect(unbuildable.store.video(VIDEO_ID).error_message).toBe('The auto provider cannot be used: provider "gemini" needs GEMINI_API_KEY');

    const refused = setup();
    const failing = scriptedLlm({ plan: () => { throw new LlmError('bad_output', 'the plan did not match the schema'); } });
    expect(await planVideo({ llm: failing, voice })(refused)).toMatchObject({ kind: 'done', event: 'plan.failed' });

    const unvoiced = setup();
    const noVoice = () => { throw new LlmError('config', 'voice "gemini" needs GEMINI_API_KEY'); };
    expect(await planVideo({ llm: scriptedLlm({ plan: threeScenes }), voice: noVoice })(unvoiced)).toMatchObject({ kind: 'done', event: 'voice.unavailable' });
    expect((await unvoiced.store.getVideo(VIDEO_ID))).toMatchObject({ status: 'failed', error_message: expect.stringContaining('GEMINI_API_KEY') });
    expect(await unvoiced.store.listScenes(VIDEO_ID)).toEqual([]);
    expect(refused.store.video(VIDEO_ID)).toMatchObject({ status: 'failed', provider_used: 'gemini', error_message: 'Planning with gemini (gemini-2.5-flash) failed: the plan did not match the schema' });
    expect(await refused.store.listScenes(VIDEO_ID)).toEqual([]);
  });
});
