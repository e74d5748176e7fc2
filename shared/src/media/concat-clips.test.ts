import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConfigFromEnv } from '../render/config.js';
import type { AspectRatio } from '../render/contract.js';
import { createLocalBackend } from '../render/local-backend.js';
import { ClipMismatchError, concatClips } from './concat-clips.js';
import { ffprobe } from './ffprobe.js';
import { probeClip } from './probe-clip.js';

const backend = createLocalBackend(renderConfigFromEnv({}));
let dir: string;
const clips: Buffer[] = [];
let portrait: Buffer;

async function render(seconds: number, aspectRatio: AspectRatio = '16:9'): Promise<Buffer> {
  const code = `from manim import *\n\nclass Clip(Scene):\n    def construct(self):\n        self.play(Create(Circle(color=BLUE)), run_time=${seconds})\n        self.play(FadeIn(Text("${seconds}")), run_time=0.4)\n`;
  const result = await backend.render({ code, className: 'Clip', quality: 'preview', aspectRatio });
  if (!result.ok) throw new Error(`${result.errorClass}: ${result.message}`);
  return result.clip;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'concat-test-'));
  // Three real Manim clips of different lengths, rendered one after another (2 shared cores).
  for (const seconds of [1, 1.6, 0.8]) clips.push(await render(seconds));
  portrait = await render(0.6, '9:16');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('concatClips', () => {
  it('joins three Manim clips into one H.264 stream without re-encoding: frames add up, duration within 5 %', async () => {
    const parts = await Promise.all(clips.map(async (clip, i) => {
      const path = join(dir, `part${i}.mp4`);
      await writeFile(path, clip);
      const probe = await ffprobe(path, { countFrames: true });
      return { frames: Number(probe.streams[0]!.nb_read_frames), duration: Number(probe.format.duration) };
    }));
    const joined = await concatClips(clips);
    const path = join(dir, 'joined.mp4');
    await writeFile(path, joined);
    const probe = await ffprobe(path, { countFrames: true });

    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ codec_type: 'video', codec_name: 'h264', pix_fmt: 'yuv420p', width: 854, height: 480, r_frame_rate: '15/1' });
    const frames = parts.reduce((n, p) => n + p.frames, 0);
    const duration = parts.reduce((n, p) => n + p.duration, 0);
    expect(Number(probe.streams[0]!.nb_read_frames)).toBe(frames);
    expect(Math.abs(Number(probe.format.duration) - duration) / duration).toBeLessThan(0.05);
    // A remux copies the encoded bytes: the joined file is about the size of its parts, not a fresh encode.
    const sizes = clips.reduce((n, c) => n + c.length, 0);
    expect(joined.length).toBeGreaterThan(sizes * 0.9);
    expect(joined.length).toBeLessThan(sizes * 1.1);
  });

  it('reads what the combine step compares, in pure TypeScript', async () => {
    const info = await probeClip(clips[0]!);
    expect(info).toMatchObject({ codec: 'avc', width: 854, height: 480, frameRate: 15 });
    expect(info.codecString).toMatch(/^avc1\./);
    expect(info.durationSeconds).toBeCloseTo(1.4, 1);
    expect(info.frames).toBe(21);
    // The nominal rate, whatever the clip's length (an average over packets read 15.001 for some).
    for (const clip of clips) expect((await probeClip(clip)).frameRate).toBe(15);
  });

  it('refuses clips rendered with different settings instead of writing a broken file', async () => {
    await expect(concatClips([clips[0]!, portrait])).rejects.toThrow(ClipMismatchError);
    await expect(concatClips([clips[0]!, portrait])).rejects.toThrow(/clip 2 differs from clip 1 in (width|height)/);
  });

  it('needs at least one clip, and passes a single clip through intact', async () => {
    await expect(concatClips([])).rejects.toThrow(/at least one clip/);
    const one = await concatClips([clips[1]!]);
    expect((await probeClip(one)).frames).toBe((await probeClip(clips[1]!)).frames);
  });
});
