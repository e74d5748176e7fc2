import { describe, expect, it } from 'vitest';
import { decodeScenePlan } from '../../../shared/src/domain/plan.js';
import { sceneId } from '../../../shared/src/domain/ids.js';
import { LlmError } from '../../../shared/src/llm/errors.js';
import { aPlannedScene, aScenePlan, OWNER, scriptedLlm, seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { planVideo } from './handler.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
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
    const outcome = await planVideo({ llm })(inv);

    expect(outcome).toMatchObject({ kind: 'done', event: 'video.planned' });
    expect(llm.plans).toEqual([{ topic: 'How rainbows form', description: '', maxScenes: 4, aspectRatio: '16:9' }]);
    const scenes = await inv.store.listScenes(VIDEO_ID);
    expect(scenes.map((s) => [s.$id, s.status, s.attempt, s.owner])).toEqual([1, 2, 3].map((n) => [sceneId(VIDEO_ID, n), 'planned', 0, OWNER]));
    expect(decodeScenePlan(scenes[1]!.plan!)).toEqual(aScenePlan(2));
    // The owner may update a scene (that is how a re-run is asked for), nobody else may read it.
    expect(scenes[0]!.$permissions).toEqual([`read("user:${OWNER}")`, `update("user:${OWNER}")`]);
    expect(inv.store.video(VIDEO_ID)).toMatchObject({
      status: 'rendering', scene_count: 3, owner: OWNER, provider_used: 'gemini', tokens_in: 1200, tokens_out: 800,
      progress: 10, lease_until: null, planned_at: NOW.toISOString(), started_at: NOW.toISOString(),
    });
    expect(inv.store.video(VIDEO_ID).cost_usd).toBeGreaterThan(0);
  });

  it('ignores an event for another status and a video that is no longer queued', async () => {
    const llm = scriptedLlm({ plan: threeScenes });
    const stale = setup({ status: 'rendering' });
    expect(await planVideo({ llm })(stale)).toEqual({ kind: 'ignored', reason: 'video is rendering' });
    const wrongEvent = testInvocation({ body: { $id: VIDEO_ID, status: 'failed' } });
    expect(await planVideo({ llm })(wrongEvent)).toMatchObject({ kind: 'ignored' });
    expect(llm.builds).toBe(0);
  });

  it('backs off when another execution claims the video first', async () => {
    const inv = setup();
    inv.store.beforeNextUpdate(VIDEO_ID, () => inv.store.write('videos', VIDEO_ID, { error_message: 'someone else' }));
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm })(inv)).toEqual({ kind: 'ignored', reason: 'another execution claimed the video' });
    expect(inv.store.video(VIDEO_ID).status).toBe('queued');
  });

  it('resumes a run that died after moving on from its scene rows, without planning again', async () => {
    const inv = setup({ planned_at: '2026-03-01T09:00:00.000Z', scene_count: 2 });
    seedScene(inv.store, 1);
    seedScene(inv.store, 2, { status: 'rendered' });
    const llm = scriptedLlm({ plan: threeScenes });
    const outcome = await planVideo({ llm })(inv);

    expect(outcome).toEqual({ kind: 'done', event: 'video.plan-resumed', fields: { video: VIDEO_ID, scenes: 2 } });
    expect(llm.builds).toBe(0);
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'rendering', scene_count: 2, lease_until: null, planned_at: NOW.toISOString() });
    expect(inv.store.scene(sceneId(VIDEO_ID, 2)).status).toBe('rendered');
  });

  it('plans again a run that died between its scene rows, creating only the missing ones', async () => {
    const inv = setup();
    seedScene(inv.store, 1, { title: 'kept as it was' });
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm })(inv)).toMatchObject({ kind: 'done', event: 'video.planned' });
    const scenes = await inv.store.listScenes(VIDEO_ID);
    expect(scenes.map((s) => s.title)).toEqual(['kept as it was', aScenePlan(2).title, aScenePlan(3).title]);
    expect(inv.store.video(VIDEO_ID).scene_count).toBe(3);
  });

  it('rejects invalid input with a message a person can act on, before any LLM is built', async () => {
    const inv = setup({ quality: 'ultra' });
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm })(inv)).toMatchObject({ kind: 'done', event: 'input.rejected' });
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'failed', error_message: 'quality must be one of preview, standard, high', lease_until: null, finished_at: NOW.toISOString() });
    expect(llm.builds).toBe(0);
  });

  it('rejects a video over the owner\'s quota of videos in progress', async () => {
    const inv = setup();
    for (const id of ['older1', 'older2', 'older3']) inv.store.seedVideo({ $id: id, topic: 'Older video', status: 'rendering', owner: OWNER });
    // The video under test must be the newest: quotas count only videos created before it.
    inv.store.rows.videos.get(VIDEO_ID)!.$sequence = '99';
    const llm = scriptedLlm({ plan: threeScenes });
    expect(await planVideo({ llm })(inv)).toMatchObject({ kind: 'done', event: 'quota.exceeded' });
    expect(inv.store.video(VIDEO_ID).error_message).toContain('You already have 3 videos in progress');
  });

  it('fails the video when the provider cannot be built or the plan fails', async () => {
    const unbuildable = setup();
    const noKey = scriptedLlm({ build: () => { throw new LlmError('config', 'provider "gemini" needs GEMINI_API_KEY'); } });
    expect(await planVideo({ llm: noKey })(unbuildable)).toMatchObject({ kind: 'done', event: 'provider.unavailable' });
    expect(unbuildable.store.video(VIDEO_ID).error_message).toBe('The auto provider cannot be used: provider "gemini" needs GEMINI_API_KEY');

    const refused = setup();
    const failing = scriptedLlm({ plan: () => { throw new LlmError('bad_output', 'the plan did not match the schema'); } });
    expect(await planVideo({ llm: failing })(refused)).toMatchObject({ kind: 'done', event: 'plan.failed' });
    expect(refused.store.video(VIDEO_ID)).toMatchObject({ status: 'failed', provider_used: 'gemini', error_message: 'Planning with gemini (gemini-2.5-flash) failed: the plan did not match the schema' });
    expect(await refused.store.listScenes(VIDEO_ID)).toEqual([]);
  });
});
