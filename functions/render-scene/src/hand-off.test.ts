import { describe, expect, it } from 'vitest';
import { sceneId } from '../../../shared/src/domain/ids.js';
import type { RenderJob, RenderResult, RendererFactory } from '../../../shared/src/pipeline/ports.js';
import type { CollectedJob, JobTag } from '../../../shared/src/render/contract.js';
import { aRenderedClip, aRenderFailure, manimCode, OWNER, seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { renderScene } from './handler.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const SCENE = sceneId(VIDEO_ID, 1);
const DEADLINE_SECONDS = 4000;

/** A render worker's job API as render-scene sees it: jobs submitted, results set by the test. */
function worker() {
  const jobs = new Map<string, { job: RenderJob; tag: JobTag; functionId: string; result?: RenderResult }>();
  const factory: RendererFactory = async () => ({
    render: async () => { throw new Error('a hand-off backend must not render inside the execution'); },
    handOff: {
      deadlineSeconds: DEADLINE_SECONDS,
      async submit(job, callback) {
        const id = `job${jobs.size + 1}`;
        jobs.set(id, { job, tag: callback.tag, functionId: callback.functionId });
        return { ok: true as const, jobId: id };
      },
      async collect(id): Promise<CollectedJob> {
        const j = jobs.get(id);
        if (!j) return { state: 'missing' };
        return j.result ? { state: 'done', tag: j.tag, result: j.result } : { state: 'pending' };
      },
    },
  });
  return { factory, jobs };
}

function setup(scene: Record<string, unknown> = {}) {
  const inv = testInvocation({ body: { $id: SCENE, status: 'coded' }, now: NOW });
  seedVideo(inv.store, { status: 'rendering', scene_count: 1, owner: OWNER, quality: 'standard' });
  inv.store.seedFile('code', 'code1', manimCode('Scene01'), [`read("user:${OWNER}")`]);
  seedScene(inv.store, 1, { status: 'coded', attempt: 1, code_file_id: 'code1', ...scene });
  return inv;
}

const writeBackOf = (inv: ReturnType<typeof setup>, jobId: string) => ({ ...inv, trigger: 'http', body: { renderJob: { id: jobId } } });

describe('render-scene with a hand-off backend', () => {
  it('submits the job and returns, the scene left rendering under a lease that covers the job\'s deadline', async () => {
    const inv = setup();
    const w = worker();
    expect(await renderScene({ renderer: w.factory })(inv)).toMatchObject({ kind: 'done', event: 'scene.handed-off', fields: { render: 1, job: 'job1' } });
    expect(w.jobs.get('job1')).toMatchObject({ functionId: 'render-scene', tag: { sceneId: SCENE, render: 1 }, job: { className: 'Scene01', quality: 'standard' } });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'rendering', renders: 1, video_file_id: null });
    // Lost job: past this lease sweep-stuck takes the scene back; before it, nothing does.
    expect(Date.parse(scene.lease_until!)).toBe(NOW.getTime() + DEADLINE_SECONDS * 1000);
  });

  it('on the write-back, does what a render in the execution does: clip, then rendered', async () => {
    const inv = setup();
    const w = worker();
    await renderScene({ renderer: w.factory })(inv);
    // A write-back before the job ended (or for a job the worker does not know) changes nothing.
    expect(await renderScene({ renderer: w.factory })(writeBackOf(inv, 'job1'))).toMatchObject({ kind: 'ignored' });
    expect(await renderScene({ renderer: w.factory })(writeBackOf(inv, 'nope'))).toMatchObject({ kind: 'ignored' });
    expect(inv.store.scene(SCENE).status).toBe('rendering');
    w.jobs.get('job1')!.result = aRenderedClip({ durationSeconds: 6.2, renderSeconds: 3.1 });
    expect(await renderScene({ renderer: w.factory })(writeBackOf(inv, 'job1'))).toMatchObject({ kind: 'done', event: 'scene.rendered', fields: { render: 1 } });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'rendered', duration_seconds: 6.2, render_seconds: 3.1, lease_until: null });
    expect(await inv.store.fileReaders('clips', scene.video_file_id!)).toEqual([`read("user:${OWNER}")`]);
    // The same write-back again (a duplicate execution) changes nothing.
    expect(await renderScene({ renderer: w.factory })(writeBackOf(inv, 'job1'))).toMatchObject({ kind: 'ignored' });
    expect(inv.store.scene(SCENE)).toEqual(scene);
  });

  it('records a failed render written back as the attempt outcome: back to planned with its traceback', async () => {
    const inv = setup();
    const w = worker();
    await renderScene({ renderer: w.factory })(inv);
    w.jobs.get('job1')!.result = aRenderFailure();
    expect(await renderScene({ renderer: w.factory })(writeBackOf(inv, 'job1'))).toMatchObject({ kind: 'done', event: 'scene.render-failed' });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'planned', error_class: 'runtime', lease_until: null });
    expect(inv.store.fileText('logs', scene.error_log_id!)).toContain(`--- code ---\n${manimCode('Scene01')}`);
  });

  it('ignores a stale write-back: the scene was taken back and rendered again since', async () => {
    const inv = setup();
    const w = worker();
    await renderScene({ renderer: w.factory })(inv);
    // The sweeper took the scene back (lease ran out) and a new render was handed off.
    await inv.store.updateScene(SCENE, { status: 'coded', lease_until: null });
    await renderScene({ renderer: w.factory })(inv);
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'rendering', renders: 2 });
    w.jobs.get('job1')!.result = aRenderedClip();
    expect(await renderScene({ renderer: w.factory })(writeBackOf(inv, 'job1'))).toMatchObject({ kind: 'ignored' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'rendering', renders: 2, video_file_id: null });
    w.jobs.get('job2')!.result = aRenderedClip();
    expect(await renderScene({ renderer: w.factory })(writeBackOf(inv, 'job2'))).toMatchObject({ kind: 'done', event: 'scene.rendered', fields: { render: 2 } });
  });

  it('on the write-back, reads the code only from a file the scene\'s owner owns, as the render in the execution does', async () => {
    const inv = setup();
    const w = worker();
    await renderScene({ renderer: w.factory })(inv);
    // While the job ran, the scene was pointed at a code file of someone else's.
    inv.store.seedFile('code', 'theirs', manimCode('Scene01'), ['read("user:someone-else")']);
    await inv.store.updateScene(SCENE, { code_file_id: 'theirs' });
    w.jobs.get('job1')!.result = aRenderedClip();
    expect(await renderScene({ renderer: w.factory })(writeBackOf(inv, 'job1'))).toMatchObject({ kind: 'done', event: 'scene.render-failed' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'planned', error_class: 'code', video_file_id: null });
  });
});
