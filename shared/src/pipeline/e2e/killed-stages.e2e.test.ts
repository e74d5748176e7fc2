import { ID, Query } from 'node-appwrite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipFileId, sceneId } from '../../domain/ids.js';
import { createVideo, executions, getVideo, killExecutionAt, listScenes, outcomes, signIn, startHarness, sweep, waitForFinished, waitForIdle, type Change, type Harness } from './harness.js';
import { ownedFileName } from '../../domain/file-owner.js';

// Issue 6, platform faults: an execution killed at each stage of the chain. Each test kills
// the execution at one exact write (the harness kills it as that write commits, before the
// execution hears back), checks the video is stuck there, sweeps as of an hour later, and
// expects the video to end completed with its two scenes, one clip per render and one final.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const row = (tableId: string, id: string | ((c: Change) => boolean), status?: string) => (c: Change) =>
  c.resource === 'row' && c.tableId === tableId && (typeof id === 'string' ? c.id === id : id(c)) && (status === undefined || c.payload.status === status);

/** Creates a 2-scene offline preview video and kills `functionId` at the first write matching `at(videoId)`; returns once the chain has gone idle. */
async function videoKilledAt(topic: string, functionId: string, at: (videoId: string) => (c: Change) => boolean): Promise<string> {
  const user = await signIn(h.stack);
  const id = ID.unique();
  const killed = killExecutionAt(functionId, at(id));
  await createVideo(user, { topic, description: `${topic}, in two short scenes.`, provider: 'offline', max_scenes: 2, quality: 'preview' }, id);
  let timer: NodeJS.Timeout | undefined;
  const count = await Promise.race([killed, new Promise<number>((_, fail) => (timer = setTimeout(() => fail(new Error(`${functionId} never reached the kill point`)), 60_000)))]);
  clearTimeout(timer);
  expect(count).toBeGreaterThan(0);
  await waitForIdle(h);
  return id;
}

async function finalsOf(videoId: string) {
  const files = (await h.storage.listFiles({ bucketId: 'finals', queries: [Query.limit(100)] })).files;
  return files.filter((f) => f.name === ownedFileName(videoId, `video-${videoId}.mp4`) || f.name === ownedFileName(videoId, `partial-${videoId}.mp4`));
}

/**
 * Sweeps, then: completed, scenes 1 and 2 once each, rendered `renders` times (the default,
 * once each: no kill before the render stage costs a render), no clip but those of its
 * renders, one final, one successful combine.
 */
async function expectRecovered(videoId: string, renders: (n: number[]) => void = (n) => expect(n).toEqual([1, 1])) {
  // In production sweep-stuck runs every minute; a kill can strand more than one row (two
  // renders share the pool), so sweep again while the chain is idle and unfinished.
  for (let round = 0; round < 3; round += 1) {
    await sweep(h);
    await waitForIdle(h);
    if (['completed', 'failed', 'cancelled'].includes((await getVideo(h, videoId)).status)) break;
  }
  const video = await waitForFinished(h, videoId, 90_000);
  expect(video.status, video.error_message ?? '').toBe('completed');
  expect(video.progress).toBe(100);
  expect(video.scene_count).toBe(2);

  const scenes = await listScenes(h, videoId);
  expect(scenes.map((s) => [s.$id, s.scene_number, s.status])).toEqual([[sceneId(videoId, 1), 1, 'rendered'], [sceneId(videoId, 2), 2, 'rendered']]);
  renders(scenes.map((s) => s.renders));
  const clips = (await h.storage.listFiles({ bucketId: 'clips', queries: [Query.limit(100)] })).files;
  for (const s of scenes) {
    // At most one clip per render (a render killed before its upload leaves none), and the scene's is its last.
    const ofRenders = Array.from({ length: s.renders }, (_, i) => clipFileId(s.$id, i + 1));
    const files = clips.filter((f) => f.$id.startsWith(`${s.$id}-r`)).map((f) => f.$id);
    expect(ofRenders).toEqual(expect.arrayContaining(files));
    expect(s.video_file_id).toBe(clipFileId(s.$id, s.renders));
    expect(files).toContain(s.video_file_id);
  }

  const finals = await finalsOf(videoId);
  expect(finals.map((f) => f.$id)).toEqual([video.combined_video_id]);
  const combined = outcomes(await executions(h, 'combine-video')).filter((o) => o.event === 'video.combined' && o.fields?.video === videoId);
  expect(combined).toHaveLength(1);
  return { video, scenes };
}

describe('an execution killed at each stage, recovered by sweep-stuck', () => {
  it('plan-video killed right after claiming the video', async () => {
    const id = await videoKilledAt('Killed while planning', 'plan-video', (v) => row('videos', v, 'planning'));
    expect((await getVideo(h, id)).status).toBe('planning');
    expect(await listScenes(h, id)).toHaveLength(0);
    await expectRecovered(id);
  }, 150_000);

  it('plan-video killed between creating its scene rows', async () => {
    const id = await videoKilledAt('Killed between scene rows', 'plan-video', (v) => row('scenes', (c) => c.action === 'create' && c.payload.video_id === v && c.payload.scene_number === 1));
    expect((await getVideo(h, id)).status).toBe('planning');
    expect((await listScenes(h, id)).map((s) => s.scene_number)).toEqual([1]);
    await expectRecovered(id);
  }, 150_000);

  it('code-scene killed right after claiming a scene', async () => {
    const id = await videoKilledAt('Killed while coding', 'code-scene', (v) => row('scenes', sceneId(v, 1), 'coding'));
    expect((await getVideo(h, id)).status).toBe('rendering');
    expect((await listScenes(h, id))[0]?.status).toBe('coding');
    const { scenes } = await expectRecovered(id);
    expect(scenes[0]?.attempt).toBe(2);
  }, 150_000);

  it('combine-video killed right after claiming the combine', async () => {
    const id = await videoKilledAt('Killed while combining', 'combine-video', (v) => row('videos', v, 'combining'));
    expect((await getVideo(h, id)).status).toBe('combining');
    expect(await finalsOf(id)).toHaveLength(0);
    await expectRecovered(id);
  }, 150_000);

  it('combine-video killed after writing the final file, before completing the video', async () => {
    const id = await videoKilledAt('Killed after the final', 'combine-video', (v) => (c) => c.resource === 'file' && c.bucketId === 'finals' && c.payload.name === ownedFileName(v, `video-${v}.mp4`));
    expect((await getVideo(h, id)).status).toBe('combining');
    expect(await finalsOf(id)).toHaveLength(1);
    await expectRecovered(id);
  }, 150_000);

  it('render-scene killed after uploading its clip, before marking the scene rendered', async () => {
    const id = await videoKilledAt('Killed after the clip', 'render-scene', (v) => (c) => c.resource === 'file' && c.bucketId === 'clips' && c.id === clipFileId(sceneId(v, 1), 1));
    expect((await listScenes(h, id))[0]?.status).toBe('rendering');
    // The clip of the lost render stays; the re-render writes a second one, and the final uses
    // it. Scene 2 renders at the same time on this pool of 2, so its render may die too.
    await expectRecovered(id, ([first, second]) => {
      expect(first).toBe(2);
      expect([1, 2]).toContain(second);
    });
  }, 150_000);
});
