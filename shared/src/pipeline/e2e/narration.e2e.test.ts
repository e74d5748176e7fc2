import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebVtt } from '../../domain/captions.js';
import { splitSentences, Speech } from '../../domain/narration.js';
import { harnessForSuite } from './suite-harness.js';
import { createVideo, download, ffprobe, getVideo, listScenes, waitFor, waitForFinished } from './harness.js';

// Issue 9, "Done when": narrated videos end to end — real espeak-ng (and piper once), real
// sandboxed Manim, real ffmpeg and ffprobe, the real SDKs against the local stack.
const suite = harnessForSuite('narration-files');

/** ffmpeg's volumedetect over the whole file (it reports on stderr, so 2>&1 through a shell is avoided with spawnSync). */
function meanVolume(path: string): number {
  const run = spawnSync('ffmpeg', ['-nostdin', '-i', path, '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(run.stderr)?.[1] ?? -91);
}

/** The finished video's MP4 and captions, checked as a viewer's player would take them. */
async function checkNarrated(videoId: string, name: string) {
  const video = await getVideo(suite.h, videoId);
  expect(video.status, video.error_message ?? '').toBe('completed');
  const scenes = await listScenes(suite.h, videoId);
  const mp4 = await download(suite.h, 'finals', video.combined_video_id!, suite.dir, `${name}.mp4`);
  const probe = ffprobe(mp4);
  expect(probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`)).toEqual(['video:h264', 'audio:aac']);
  const streamSeconds = (probe.streams as unknown as { duration: string }[]).map((s) => Number(s.duration));
  expect(Math.abs(streamSeconds[0]! - streamSeconds[1]!)).toBeLessThan(0.25);
  expect(meanVolume(mp4)).toBeGreaterThan(-45);

  // No scene's clip is shorter than its speech.
  for (const scene of scenes) {
    const speech = Speech.parse(JSON.parse(scene.speech!));
    expect(scene.duration_seconds!).toBeGreaterThanOrEqual(speech.seconds);
  }

  // The captions parse as WebVTT, are in order, lie within the video and hold every sentence.
  expect(video.captions_url).toContain(`/storage/buckets/finals/files/${video.captions_file_id}/view`);
  const vtt = readFileSync(await download(suite.h, 'finals', video.captions_file_id!, suite.dir, `${name}.vtt`), 'utf8');
  const cues = parseWebVtt(vtt);
  cues.forEach((c, i) => {
    expect(c.end).toBeGreaterThan(c.start);
    if (i > 0) expect(c.start).toBeGreaterThanOrEqual(cues[i - 1]!.start);
  });
  expect(cues.at(-1)!.end).toBeLessThanOrEqual(Number(probe.format.duration) + 0.05);
  const said = scenes.flatMap((s) => splitSentences(s.narration ?? ''));
  expect(said.length).toBeGreaterThan(scenes.length);
  expect(cues.map((c) => c.text)).toEqual(said);
  return { video, scenes, cues };
}

describe('narrated videos', () => {
  let videoId = '';

  it('speaks every scene with espeak-ng: one H.264 and one AAC stream, audible, captioned sentence by sentence', async () => {
    const created = await createVideo(suite.user, { topic: 'Newton\'s three laws', description: 'Objects keep moving unless a force acts. Force equals mass times acceleration. Every action has an equal reaction.', provider: 'offline', voice: 'espeak', max_scenes: 3 });
    videoId = created.$id;
    await waitForFinished(suite.h, videoId, 380_000);
    const { video, scenes } = await checkNarrated(videoId, 'espeak');
    expect(video.voice_used).toBe('espeak');
    expect(scenes.every((s) => s.audio_file_id && JSON.parse(s.speech!).voice.startsWith('espeak:'))).toBe(true);
  }, 400_000);

  it('re-speaks and re-renders only the scene whose narration a user edited', async () => {
    const before = await listScenes(suite.h, videoId);
    const target = before[1]!;
    const oldFinal = (await getVideo(suite.h, videoId)).combined_video_id;
    const words = 'This sentence is new. The narrator changed her mind.';
    await suite.user.tables.updateRow({ databaseId: 'studio', tableId: 'scenes', rowId: target.$id, data: { narration: words, status: 'planned' } });
    await waitFor('a new final video', async () => {
      const v = await getVideo(suite.h, videoId);
      return v.status === 'completed' && v.combined_video_id !== oldFinal ? v : null;
    }, 380_000);
    await waitForFinished(suite.h, videoId);
    const after = await listScenes(suite.h, videoId);
    after.forEach((scene, i) => {
      if (i === 1) {
        expect(scene.audio_file_id).not.toBe(before[1]!.audio_file_id);
        expect(scene.renders).toBe(before[1]!.renders + 1);
      } else {
        expect(scene.audio_file_id).toBe(before[i]!.audio_file_id);
        expect(scene.renders).toBe(before[i]!.renders);
        expect(scene.video_file_id).toBe(before[i]!.video_file_id);
      }
    });
    const { cues } = await checkNarrated(videoId, 'edited');
    expect(cues.map((c) => c.text)).toEqual(expect.arrayContaining(['This sentence is new.', 'The narrator changed her mind.']));
  }, 400_000);

  it('speaks with piper and its bundled voice', async () => {
    const created = await createVideo(suite.user, { topic: 'Why the sky is blue', description: 'Sunlight scatters off air molecules. Blue light scatters the most.', provider: 'offline', voice: 'piper', max_scenes: 2 });
    await waitForFinished(suite.h, created.$id, 380_000);
    const { video, scenes } = await checkNarrated(created.$id, 'piper');
    expect(video.voice_used).toBe('piper');
    expect(JSON.parse(scenes[0]!.speech!).voice).toBe('piper:en_US-joe-medium');
  }, 400_000);

  it('speaks through Gemini\'s speech generation with the real SDK, against the fake server', async () => {
    const created = await createVideo(suite.user, { topic: 'Photosynthesis', description: 'Leaves catch light. Sugar is made from water and air.', provider: 'offline', voice: 'gemini', max_scenes: 2 });
    await waitForFinished(suite.h, created.$id, 380_000);
    const { video } = await checkNarrated(created.$id, 'gemini');
    expect(video.voice_used).toBe('gemini');
    const speech = suite.h.fake.requests.filter((r) => r.kind === 'speech');
    expect(speech.length).toBeGreaterThanOrEqual(4);
    expect(speech.every((r) => r.status === 200 && r.hadApiKey)).toBe(true);
  }, 400_000);
});
