import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideo, download, executions, ffprobe, getVideo, killExecutionsOf, listScenes, outcomes, signIn, startHarness, sweep, waitFor, waitForFinished, waitForIdle, type Harness, type User } from './harness.js';

// Issue 6 for the pipeline: platform faults, LLM faults, bad input, quotas, cancelling.
// Every video ends completed or failed with a precise message, and no row stays in progress.
let h: Harness;
const dir = mkdtempSync(join(tmpdir(), 'pipeline-faults-'));

beforeAll(async () => {
  h = await startHarness({ env: { QUOTA_VIDEOS_IN_PROGRESS: '2', QUOTA_SCENES_PER_VIDEO: '4', QUOTA_VIDEOS_PER_HOUR: '3' } });
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const inProgress = ['planning', 'rendering', 'combining', 'coding'];
async function expectSettled(videoId: string) {
  const video = await getVideo(h, videoId);
  expect(inProgress).not.toContain(video.status);
  for (const scene of await listScenes(h, videoId)) expect(['coding', 'rendering']).not.toContain(scene.status);
}

const brokenScene2 = 'from manim import *\n\nclass Scene02(Scene):\n    def construct(self):\n        self.add(helper_that_does_not_exist())\n        self.wait(1)\n';

describe('platform faults', () => {
  it('recovers a render whose execution was killed, through sweep-stuck', async () => {
    const user = await signIn(h.stack);
    const created = await createVideo(user, { topic: 'Pythagoras', description: 'a squared plus b squared equals c squared.', provider: 'offline', voice: 'none', max_scenes: 2 });
    await waitFor('a scene to be rendering', async () => (await listScenes(h, created.$id)).some((s) => s.status === 'rendering'), 120_000, 50);
    // The platform kills the claimed render's execution; the stack's render worker may still
    // finish the job, but nobody is left to record it, so only the lease brings it back.
    await waitFor('the render execution to kill', async () => killExecutionsOf('render-scene') > 0, 60_000, 50);
    await waitForIdle(h);
    expect((await listScenes(h, created.$id)).some((s) => s.status === 'rendering')).toBe(true);

    await sweep(h);
    const video = await waitForFinished(h, created.$id);
    expect(video.status, video.error_message ?? '').toBe('completed');
    const scenes = await listScenes(h, created.$id);
    expect(scenes.every((s) => s.status === 'rendered')).toBe(true);
    expect(scenes.some((s) => s.renders >= 2)).toBe(true);
    const probe = ffprobe(await download(h, 'finals', video.combined_video_id!, dir, 'killed.mp4'));
    expect(probe.streams).toHaveLength(1);
  });

  it('re-delivers events that were lost, through sweep-stuck', async () => {
    const user = await signIn(h.stack);
    // A disabled function hears nothing: every render event of this video is lost.
    await h.functions.update({ functionId: 'render-scene', name: 'render-scene', enabled: false });
    let created;
    try {
      created = await createVideo(user, { topic: 'Lost events', description: 'Nothing hears the coded scenes.', provider: 'offline', max_scenes: 2 });
      const id = created.$id;
      await waitFor('every scene coded', async () => {
        const scenes = await listScenes(h, id);
        return scenes.length >= 2 && scenes.every((s) => s.status === 'coded');
      }, 120_000, 100);
      await waitForIdle(h);
    } finally {
      await h.functions.update({ functionId: 'render-scene', name: 'render-scene', enabled: true });
    }
    expect((await listScenes(h, created.$id)).every((s) => s.status === 'coded' && s.renders === 0)).toBe(true);
    await sweep(h);
    const video = await waitForFinished(h, created.$id);
    expect(video.status, video.error_message ?? '').toBe('completed');
    expect((await listScenes(h, created.$id)).every((s) => s.renders === 1)).toBe(true);
  });

  it('keeps the good scenes of a permanently failing one, and completes once that scene is re-run', async () => {
    const user = await signIn(h.stack);
    h.fake.script({ match: /^(?=[\s\S]*Topic: Ohm's law)(?=[\s\S]*scene 2 of)/, kind: 'code', times: 3, answer: { text: brokenScene2 } });
    const created = await createVideo(user, { topic: 'Ohm\'s law', description: 'Voltage equals current times resistance.', provider: 'gemini', max_scenes: 3 });
    const video = await waitForFinished(h, created.$id);
    expect(video.status).toBe('failed');
    expect(video.error_message).toMatch(/scene 2/);
    expect(video.error_message).toMatch(/helper_that_does_not_exist/);
    expect(video.partial_video_url).toContain('/storage/buckets/finals/files/');
    const scenes = await listScenes(h, created.$id);
    // The gate's API check names the undefined helper before rendering: no render is paid for.
    expect(scenes[1]).toMatchObject({ status: 'failed', attempt: 3, renders: 3, error_class: 'api' });
    const rendered = scenes.filter((s) => s.status === 'rendered');
    expect(rendered.length).toBe(scenes.length - 1);
    const partial = ffprobe(await download(h, 'finals', video.partial_video_id!, dir, 'partial.mp4'));
    const sum = rendered.reduce((a, s) => a + (s.duration_seconds ?? 0), 0);
    expect(Math.abs(Number(partial.format.duration) - sum) / sum).toBeLessThan(0.05);
    await expectSettled(created.$id);

    // The fake now answers working code: re-running the failed scene completes the video.
    await user.tables.updateRow({ databaseId: 'studio', tableId: 'scenes', rowId: scenes[1]!.$id, data: { status: 'planned' } });
    const fixed = await waitFor('the video to complete', async () => {
      const v = await getVideo(h, created.$id);
      return v.status === 'completed' ? v : null;
    });
    expect(fixed.combined_video_url).toBeTruthy();
    expect((await listScenes(h, created.$id)).map((s) => s.renders)).toEqual(scenes.map((s, i) => (i === 1 ? 4 : s.renders)));
  });

  it('stops making LLM calls and renders once a video is cancelled', async () => {
    const user = await signIn(h.stack);
    const created = await createVideo(user, { topic: 'Plate tectonics [cancel-me]', description: 'Plates move, collide and split apart.', provider: 'gemini', max_scenes: 4 });
    await waitFor('the first scene to be coded', async () => (await listScenes(h, created.$id)).some((s) => s.status !== 'planned' && s.status !== 'coding'), 120_000, 50);
    await user.tables.updateRow({ databaseId: 'studio', tableId: 'videos', rowId: created.$id, data: { status: 'cancelled' } });
    await waitForIdle(h);
    const callsAfter = h.fake.requests.filter((r) => r.topic?.includes('[cancel-me]')).length;
    const rendersAfter = (await listScenes(h, created.$id)).reduce((a, s) => a + s.renders, 0);
    await sweep(h);
    await waitForIdle(h);
    const scenes = await listScenes(h, created.$id);
    expect(h.fake.requests.filter((r) => r.topic?.includes('[cancel-me]')).length).toBe(callsAfter);
    expect(scenes.reduce((a, s) => a + s.renders, 0)).toBe(rendersAfter);
    expect(scenes.filter((s) => s.status === 'rendered').length).toBeLessThan(scenes.length);
    const video = await getVideo(h, created.$id);
    expect(video.status).toBe('cancelled');
    expect(video.combined_video_id).toBeNull();
    await expectSettled(created.$id);
  });
});

describe('bad input and quotas', () => {
  it('refuses or fails bad video rows with a message a person understands', async () => {
    const user = await signIn(h.stack);
    const failing: [Record<string, unknown>, RegExp][] = [
      [{ topic: 'ab' }, /at least 3 characters/],
      [{ topic: 'Bells\u0007 and whistles' }, /control characters/],
      [{ topic: '   ' }, /at least 3 characters/],
      [{ topic: 'Too many scenes', max_scenes: 6 }, /at most 4 scenes/],
    ];
    const ids: string[] = [];
    for (const [data] of failing) ids.push((await createVideo(user, { provider: 'offline', ...data })).$id);
    for (const [i, [, message]] of failing.entries()) {
      const video = await waitForFinished(h, ids[i]!, 60_000);
      expect(video.status).toBe('failed');
      expect(video.error_message).toMatch(message);
      expect(await listScenes(h, ids[i]!)).toHaveLength(0);
    }
    // What the schema itself forbids never becomes a row.
    await expect(createVideo(user, { topic: 'x'.repeat(201) })).rejects.toThrow();
    await expect(createVideo(user, { topic: 'Fine topic', colour: 'red' })).rejects.toThrow();
    await expect(createVideo(user, { topic: 42 })).rejects.toThrow();
    await expect(createVideo(user, { topic: 'Fine topic', quality: 'ultra' })).rejects.toThrow();
  });

  it('limits videos in progress and videos per hour per user, with a clear error', async () => {
    const user = await signIn(h.stack);
    const claimed = async (data: Record<string, unknown>) => {
      const v = await createVideo(user, { provider: 'offline', max_scenes: 2, ...data });
      return waitFor('the video to be claimed', async () => {
        const row = await getVideo(h, v.$id);
        return row.status !== 'queued' && row.status !== 'planning' ? row : null;
      }, 60_000, 50);
    };
    // With code-scene off, the first two videos stay in progress however fast renders are.
    await h.functions.update({ functionId: 'code-scene', name: 'code-scene', enabled: false });
    try {
      const a = await claimed({ topic: 'Quota one' });
      const b = await claimed({ topic: 'Quota two' });
      expect([a.status, b.status]).toEqual(['rendering', 'rendering']);
      const c = await claimed({ topic: 'Quota three' });
      expect(c.status).toBe('failed');
      expect(c.error_message).toMatch(/already have 2 videos in progress/);
      for (const v of [a, b]) await user.tables.updateRow({ databaseId: 'studio', tableId: 'videos', rowId: v.$id, data: { status: 'cancelled' } });
    } finally {
      await h.functions.update({ functionId: 'code-scene', name: 'code-scene', enabled: true });
    }
    const d = await claimed({ topic: 'Quota four' });
    expect(d.status).toBe('failed');
    expect(d.error_message).toMatch(/in the last hour/);
    await waitForIdle(h);
  });

  it('takes a scene status that is not a re-run entry back through the pipeline', async () => {
    const user = await signIn(h.stack);
    const created = await createVideo(user, { topic: 'Doppler effect', description: 'Waves bunch up ahead of a moving source.', provider: 'offline', max_scenes: 2 });
    const first = await waitForFinished(h, created.$id);
    expect(first.status).toBe('completed');
    const [scene] = await listScenes(h, created.$id);
    // `coding` is an in-progress state no execution holds: the sweeper takes it back.
    await user.tables.updateRow({ databaseId: 'studio', tableId: 'scenes', rowId: scene!.$id, data: { status: 'coding' } });
    await waitForIdle(h);
    await sweep(h, 0);
    const video = await waitFor('a new final', async () => {
      const v = await getVideo(h, created.$id);
      return v.status === 'completed' && v.combined_video_id !== first.combined_video_id ? v : null;
    });
    expect(video.progress).toBe(100);
    expect((await listScenes(h, created.$id))[0]?.renders).toBe(2);
    await waitForIdle(h);
    await expectSettled(created.$id);
  });
});

describe('LLM faults', () => {
  it('retries rate limits and repairs truncated code and prose; gives up on a broken plan with a precise message', async () => {
    const user = await signIn(h.stack);
    const ok = await createVideo(user, { topic: 'Sound waves [429x2] [truncated-code] [prose-plan]', description: 'Compressions and rarefactions travel through air.', provider: 'gemini', max_scenes: 2 });
    const broken = await createVideo(user, { topic: 'Magnets [invalid-plan-always]', provider: 'gemini', max_scenes: 2 });
    const down = await createVideo(user, { topic: 'Tides [500x9]', provider: 'gemini', max_scenes: 2 });
    const [okVideo, brokenVideo, downVideo] = [await waitForFinished(h, ok.$id), await waitForFinished(h, broken.$id), await waitForFinished(h, down.$id)];
    expect(okVideo.status, okVideo.error_message ?? '').toBe('completed');
    expect(brokenVideo.status).toBe('failed');
    expect(brokenVideo.error_message).toMatch(/Planning with gemini/);
    expect(downVideo.status).toBe('failed');
    expect(downVideo.error_message).toMatch(/Planning with gemini/);
    for (const v of [okVideo, brokenVideo, downVideo]) await expectSettled(v.$id);
    expect(JSON.stringify([brokenVideo, downVideo])).not.toContain('fake-gemini-key');
    expect(h.fake.requests.filter((r) => r.topic?.includes('[429x2]') && r.status === 429).length).toBeGreaterThanOrEqual(2);
    const crashed = (await Promise.all(['plan-video', 'code-scene', 'render-scene', 'combine-video'].map((fn) => executions(h, fn))))
      .flatMap((list) => outcomes(list)).filter((o) => o.outcome === 'failed');
    expect(crashed).toEqual([]);
  });
});

describe('a stack restarted in the middle of a video', () => {
  it('finishes the video after the restart, with no duplicate scenes, clips or combines', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipeline-restart-'));
    let own = await startHarness({ dataDir });
    try {
      const user = await signIn(own.stack);
      const created = await createVideo(user, { topic: 'Entropy', description: 'Disorder tends to grow.', provider: 'offline', max_scenes: 3 });
      await waitFor('a scene to be rendering', async () => (await listScenes(own, created.$id)).some((s) => s.status === 'rendering'), 120_000, 50);
      await own.close();
      own = await startHarness({ dataDir });
      await sweep(own);
      const video = await waitForFinished(own, created.$id);
      expect(video.status, video.error_message ?? '').toBe('completed');
      const scenes = await listScenes(own, created.$id);
      expect(scenes.map((s) => s.scene_number)).toEqual(scenes.map((_, i) => i + 1));
      const finals = await own.storage.listFiles({ bucketId: 'finals' });
      // One combine: its MP4, and the captions beside it when the video is narrated.
      expect(finals.files.map((f) => f.$id).sort()).toEqual([video.combined_video_id, video.captions_file_id].filter(Boolean).sort());
      const clips = await own.storage.listFiles({ bucketId: 'clips' });
      expect(scenes.every((s) => clips.files.some((f) => f.$id === s.video_file_id))).toBe(true);
    } finally {
      await own.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
