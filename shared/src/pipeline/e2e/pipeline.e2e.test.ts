import { describe, expect, it } from 'vitest';
import { subscribeRealtime, type RealtimeHandle } from '../../../../infra/cli/realtime-socket.js';
import { harnessForSuite } from './suite-harness.js';
import { createVideo, download, executions, ffprobe, getVideo, listScenes, outcomes, waitFor, waitForFinished, waitForIdle } from './harness.js';

// Issue 3, "Done when": the chain end to end on real Manim (preview), real ffprobe, the real
// SDKs against the local stack; the fake Gemini only where the LLM's answers matter.
const suite = harnessForSuite('pipeline-files');

function watchRows(channels: string[], onRow: (row: Record<string, unknown>, events: string[]) => void): Promise<RealtimeHandle> {
  return subscribeRealtime({ endpoint: suite.h.stack.endpoint, projectId: suite.h.stack.projectId, channels, sessionSecret: suite.user.secret, onEvent: (e) => onRow(e.payload, e.events), onDown: () => {} });
}

describe('the pipeline', () => {
  let videoId = '';
  let firstFinal = '';

  it('turns a topic into a finished video: honest progress, one H.264 stream, the clips back to back', async () => {
    const seen: { progress: number; current: number | null; status: string }[] = [];
    const created = await createVideo(suite.user, { topic: 'Newton\'s three laws', description: 'Inertia. Force equals mass times acceleration. Action and reaction.', provider: 'offline', voice: 'none', max_scenes: 3 });
    videoId = created.$id;
    const socket = await watchRows([`tablesdb.studio.tables.videos.rows.${videoId}`], (row) => {
      seen.push({ progress: Number(row.progress), current: (row.current_scene as number | null) ?? null, status: String(row.status) });
    });
    try {
      const video = await waitForFinished(suite.h, videoId);
      expect(video.status, video.error_message ?? '').toBe('completed');
      expect(video.provider_used).toBe('offline');
      expect(video.progress).toBe(100);
      expect(video.owner).toBe(suite.user.userId);
      await waitFor('the last Realtime message', async () => seen.at(-1)?.progress === 100);
    } finally {
      socket.close();
    }

    // Progress as a viewer saw it live: never backwards, 100 only at the end, a current scene on the way.
    const progress = seen.map((s) => s.progress);
    expect(progress.length).toBeGreaterThan(3);
    progress.forEach((p, i) => expect(p).toBeGreaterThanOrEqual(progress[i - 1] ?? 0));
    expect(seen.filter((s) => s.progress === 100).every((s) => s.status === 'completed')).toBe(true);
    expect(seen.some((s) => s.current !== null && s.status === 'rendering')).toBe(true);

    const video = await getVideo(suite.h, videoId);
    const scenes = await listScenes(suite.h, videoId);
    expect(scenes.length).toBeGreaterThanOrEqual(3);
    expect(video.scene_count).toBe(scenes.length);
    expect(scenes.every((s) => s.status === 'rendered' && s.renders === 1 && s.video_url?.includes('/storage/buckets/clips/files/'))).toBe(true);
    expect(video.combined_video_url).toContain(`/storage/buckets/finals/files/${video.combined_video_id}/view?project=local`);

    const final = ffprobe(await download(suite.h, 'finals', video.combined_video_id!, suite.dir, 'final.mp4'));
    const clipSeconds = await Promise.all(scenes.map(async (s, i) => Number(ffprobe(await download(suite.h, 'clips', s.video_file_id!, suite.dir, `clip${i}.mp4`)).format.duration)));
    const sum = clipSeconds.reduce((a, b) => a + b, 0);
    expect(final.streams.filter((s) => s.codec_type === 'video').map((s) => s.codec_name)).toEqual(['h264']);
    // `voice: none` still makes a silent video: no audio stream, no captions.
    expect(final.streams).toHaveLength(1);
    expect(video).toMatchObject({ voice_used: 'none', captions_file_id: null });
    expect(Math.abs(Number(final.format.duration) - sum) / sum).toBeLessThan(0.05);
    firstFinal = video.combined_video_id!;

    // Each render was handed off (no execution waited for it) and finished by the worker's write-back.
    const renderOutcomes = outcomes(await executions(suite.h, 'render-scene'));
    const mine = (event: string) => renderOutcomes.filter((o) => o.event === event && scenes.some((s) => s.$id === o.fields?.scene)).length;
    expect(mine('scene.handed-off')).toBe(scenes.length);
    expect(mine('scene.rendered')).toBe(scenes.length);

    // The owner, and only the owner, may read what was made for them.
    const asUser = await suite.user.tables.getRow({ databaseId: 'studio', tableId: 'scenes', rowId: scenes[0]!.$id });
    expect(asUser.$id).toBe(scenes[0]!.$id);
  });

  it('re-runs exactly one scene and replaces the final video', async () => {
    const before = await listScenes(suite.h, videoId);
    const target = before[1]!;
    await suite.user.tables.updateRow({ databaseId: 'studio', tableId: 'scenes', rowId: target.$id, data: { status: 'planned' } });
    await waitFor('the video to leave completed', async () => (await getVideo(suite.h, videoId)).status !== 'completed' || (await getVideo(suite.h, videoId)).combined_video_id !== firstFinal, 60_000, 100);
    const video = await waitFor('a new final video', async () => {
      const v = await getVideo(suite.h, videoId);
      return v.status === 'completed' && v.combined_video_id !== firstFinal ? v : null;
    });
    await waitForIdle(suite.h);
    const after = await listScenes(suite.h, videoId);
    expect(after.map((s) => s.renders)).toEqual(before.map((s) => (s.$id === target.$id ? 2 : 1)));
    expect(after.filter((s) => s.video_file_id !== before.find((b) => b.$id === s.$id)?.video_file_id).map((s) => s.$id)).toEqual([target.$id]);
    expect(video.progress).toBe(100);
    const probe = ffprobe(await download(suite.h, 'finals', video.combined_video_id!, suite.dir, 'final2.mp4'));
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264']);
  });

  it('survives every event delivered twice: same scenes, one render each, one combine', async () => {
    const count = async (fn: string, event: string) => outcomes(await executions(suite.h, fn)).filter((o) => o.event === event).length;
    const rendersBefore = await count('render-scene', 'scene.rendered');
    const combinesBefore = await count('combine-video', 'video.combined');
    const duplicates: Promise<unknown>[] = [];
    const deliver = (functionId: string, row: Record<string, unknown>) => duplicates.push(suite.h.functions.createExecution({ functionId, body: JSON.stringify(row), async: true }).catch(() => null));
    const created = await createVideo(suite.user, { topic: 'Photosynthesis', description: 'Light, water and carbon dioxide become sugar and oxygen.', provider: 'offline', max_scenes: 3 });
    deliver('plan-video', created as unknown as Record<string, unknown>);
    const socket = await watchRows(['tablesdb.studio.tables.scenes.rows'], (row) => {
      if (row.video_id !== created.$id) return;
      // The same body again, to every function the event reaches — the last scene's
      // "rendered" three times at once, so combines race.
      deliver('code-scene', row);
      deliver('render-scene', row);
      for (let i = 0; i < (row.status === 'rendered' ? 3 : 1); i++) deliver('combine-video', row);
    });
    try {
      const video = await waitForFinished(suite.h, created.$id);
      expect(video.status, video.error_message ?? '').toBe('completed');
    } finally {
      socket.close();
    }
    await Promise.all(duplicates);
    await waitForIdle(suite.h);
    const scenes = await listScenes(suite.h, created.$id);
    expect(scenes.length).toBeGreaterThanOrEqual(3);
    expect(scenes.map((s) => s.scene_number)).toEqual(scenes.map((_, i) => i + 1));
    expect(scenes.every((s) => s.renders === 1 && s.attempt === 1)).toBe(true);

    expect(await count('combine-video', 'video.combined')).toBe(combinesBefore + 1);
    expect(await count('render-scene', 'scene.rendered')).toBe(rendersBefore + scenes.length);
    // One combine: its MP4, and the captions beside it when the video is narrated.
    const finals = await suite.h.storage.listFiles({ bucketId: 'finals' });
    const video = await getVideo(suite.h, created.$id);
    expect(finals.files.filter((f) => f.name.includes(created.$id)).map((f) => f.$id).sort()).toEqual([video.combined_video_id, video.captions_file_id].filter(Boolean).sort());
  });

  it('sends the traceback of a failed render back to the LLM, and the second attempt renders', async () => {
    suite.h.fake.reset();
    const created = await createVideo(suite.user, { topic: 'Binary search [fail-first-render]', description: 'Halve a sorted list until the target is found.', provider: 'gemini', max_scenes: 2 });
    const video = await waitForFinished(suite.h, created.$id);
    expect(video.status, video.error_message ?? '').toBe('completed');
    expect(video.provider_used).toBe('gemini');
    expect(video.tokens_in).toBeGreaterThan(0);
    const [first] = await listScenes(suite.h, created.$id);
    expect(first).toMatchObject({ attempt: 2, renders: 2, status: 'rendered' });

    const prompts = suite.h.fake.requests.filter((r) => r.kind === 'code' && r.sceneNumber === 1 && r.topic?.includes('[fail-first-render]') && r.status === 200);
    expect(prompts).toHaveLength(2);
    expect(prompts[0]!.prompt).not.toContain('IndexError');
    expect(prompts[1]!.prompt).toContain('IndexError');
    expect(prompts[1]!.prompt).toMatch(/scene.py:\d+ in construct|Traceback/);
  });
});
