import { describe, expect, it } from 'vitest';
import { sceneId } from '../../../shared/src/domain/ids.js';
import { createMemoryStore } from '../../../shared/src/pipeline/testing/memory-store.js';
import { seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { sweepStuck } from './handler.js';

// Rows are written at T0; the sweep runs at T0 + 10 minutes, past every default lease and idle time.
const T0 = new Date('2026-03-01T10:00:00.000Z');
const SWEEP = new Date('2026-03-01T10:10:00.000Z');
const EXPIRED = '2026-03-01T10:05:00.000Z';
const LIVE = '2026-03-01T10:30:00.000Z';
const S1 = sceneId(VIDEO_ID, 1);

/** Rows seeded at T0; once the sweep runs, the store stamps its writes with the sweep's time, as the server would. */
function setup(video: Record<string, unknown> = {}) {
  let clock = T0;
  const store = createMemoryStore({ clock: () => clock });
  seedVideo(store, { status: 'rendering', scene_count: 1, ...video });
  const inv = testInvocation({ store, trigger: 'schedule', now: SWEEP });
  return Object.assign(inv, { seeded: () => { clock = SWEEP; } });
}

describe('sweep-stuck', () => {
  it('takes back a coding scene whose lease ran out as a failed attempt: retried while the budget lasts, else failed', async () => {
    const inv = setup();
    seedScene(inv.store, 1, { status: 'coding', attempt: 1, lease_until: EXPIRED });
    seedScene(inv.store, 2, { status: 'coding', attempt: 3, lease_until: EXPIRED });
    inv.seeded();
    expect(await sweepStuck()(inv)).toMatchObject({ kind: 'done', fields: { scenesRequeued: 2 } });
    expect(inv.store.scene(S1)).toMatchObject({ status: 'planned', error_class: 'lost', lease_until: null, pipeline_retry: true });
    expect(inv.store.scene(sceneId(VIDEO_ID, 2))).toMatchObject({ status: 'failed', error_class: 'lost', pipeline_retry: false });
  });

  it('retries a lost render once with the same code, then counts it as a failed attempt, then fails it', async () => {
    const inv = setup();
    seedScene(inv.store, 1, { status: 'rendering', attempt: 1, lease_until: EXPIRED });
    inv.seeded();
    await sweepStuck()(inv);
    expect(inv.store.scene(S1)).toMatchObject({ status: 'coded', error_class: 'lost-render', lease_until: null });

    inv.store.write('scenes', S1, { status: 'rendering', lease_until: EXPIRED });
    await sweepStuck()(inv);
    expect(inv.store.scene(S1)).toMatchObject({ status: 'planned', error_class: 'lost', lease_until: null, pipeline_retry: true });

    inv.store.write('scenes', S1, { status: 'rendering', attempt: 3, error_class: 'lost-render', lease_until: EXPIRED });
    await sweepStuck()(inv);
    expect(inv.store.scene(S1)).toMatchObject({ status: 'failed', error_class: 'lost', lease_until: null });
    expect(inv.store.scene(S1).error_message).toMatch(/, twice$/);
  });

  it('leaves rows whose lease still holds', async () => {
    const inv = setup({ status: 'combining', lease_until: LIVE });
    seedScene(inv.store, 1, { status: 'rendering', lease_until: LIVE });
    expect(await sweepStuck()(inv)).toEqual({ kind: 'done', event: 'sweep.finished', fields: { scenesRequeued: 0, videosRequeued: 0, combinesRestarted: 0, poked: 0 } });
    expect(inv.started).toEqual([]);
  });

  it('queues a video whose planning lease ran out and hands it to plan-video', async () => {
    const inv = setup({ status: 'planning', lease_until: EXPIRED });
    inv.seeded();
    expect(await sweepStuck()(inv)).toMatchObject({ fields: { videosRequeued: 1 } });
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'queued', lease_until: null });
    expect(inv.started).toEqual([expect.objectContaining({ functionId: 'plan-video', body: expect.objectContaining({ $id: VIDEO_ID, status: 'queued' }) })]);
  });

  it('takes back a lapsed combine and asks combine-video to start it again', async () => {
    const inv = setup({ status: 'combining', lease_until: EXPIRED });
    inv.seeded();
    expect(await sweepStuck()(inv)).toMatchObject({ fields: { combinesRestarted: 1 } });
    expect(inv.store.video(VIDEO_ID)).toMatchObject({ status: 'rendering', lease_until: null });
    expect(inv.started).toEqual([{ functionId: 'combine-video', body: { video_id: VIDEO_ID } }]);
  });

  it('re-delivers the event of planned and coded scenes that waited too long, not of fresh or cancelled ones', async () => {
    const inv = setup();
    seedScene(inv.store, 1);
    seedScene(inv.store, 2, { status: 'coded' });
    const other = inv.store.seedVideo({ $id: 'gone2', topic: 'Cancelled video', status: 'cancelled' });
    inv.store.seedScene({ $id: 'gone2-1', video_id: other.$id, scene_number: 1, status: 'planned' });
    await sweepStuck()(inv);
    const scenePokes = inv.started.filter((s) => s.functionId !== 'combine-video');
    expect(scenePokes.map((s) => [s.functionId, s.body.$id])).toEqual([['code-scene', S1], ['render-scene', sceneId(VIDEO_ID, 2)]]);

    const fresh = testInvocation({ store: inv.store, now: new Date(T0.getTime() + 30_000) });
    await sweepStuck()(fresh);
    expect(fresh.started).toEqual([]);
  });

  it('picks up a queued video after its grace time and a rendering video that has gone idle', async () => {
    const queued = setup({ status: 'queued' });
    await sweepStuck()(queued);
    expect(queued.started.map((s) => s.functionId)).toEqual(['plan-video']);

    const justQueued = testInvocation({ store: queued.store, now: new Date(T0.getTime() + 5_000) });
    await sweepStuck()(justQueued);
    expect(justQueued.started).toEqual([]);

    const idle = setup();
    await sweepStuck()(idle);
    expect(idle.started).toEqual([{ functionId: 'combine-video', body: { video_id: VIDEO_ID } }]);
  });

  it('sweeps as of the time a direct execution names', async () => {
    const inv = testInvocation({ store: setup({ status: 'planning', lease_until: EXPIRED }).store, trigger: 'http', now: T0, body: { now: SWEEP.toISOString() } });
    await sweepStuck()(inv);
    expect(inv.store.video(VIDEO_ID).status).toBe('queued');
  });
});
