import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConfigFromEnv } from '../render/config.js';
import type { AspectRatio } from '../domain/options.js';
import { createLocalBackend } from '../render/local-backend.js';
import { ClipMismatchError, concatClips } from './concat-clips.js';
import { ffprobe } from './ffprobe.js';
import { probeClip } from './probe-clip.js';

const backend = createLocalBackend(renderConfigFromEnv({}));
let dir: string;
const clips: Buffer[] = [];
/** The clips on disk, as the combine reads them. */
const paths: string[] = [];
let portraitPath: string;

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
  for (const [i, clip] of clips.entries()) {
    paths.push(join(dir, `part${i}.mp4`));
    await writeFile(paths[i]!, clip);
  }
  portraitPath = join(dir, 'portrait.mp4');
  await writeFile(portraitPath, await render(0.6, '9:16'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('concatClips', () => {
  it('joins three Manim clips into one H.264 stream without re-encoding: frames add up, duration within 5 %', async () => {
    const parts = await Promise.all(paths.map(async (path) => {
      const probe = await ffprobe(path, { countFrames: true });
      return { frames: Number(probe.streams[0]!.nb_read_frames), duration: Number(probe.format.duration) };
    }));
    const path = join(dir, 'joined.mp4');
    await concatClips(paths, path);
    const joined = await readFile(path);
    const probe = await ffprobe(path, { countFrames: true });

    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ codec_type: 'video', codec_name: 'h264', pix_fmt: 'yuv420p', width: 854, height: 480, r_frame_rate: '15/1' });
    const frames = parts.reduce((n, p) => n + p.frames, 0);
    const duration = parts.reduce((n, p) => n + p.duration, 0);
    expect(Number(probe.streams[0]!.nb_read_frames)).toBe(frames);
    expect(Math.abs(Number(probe.format.duration) - duration) / duration).toBeLessThan(0.05);
    // Written as a stream with the index reserved up front: `moov` precedes `mdat`, so a
    // browser can start playing before the whole file has arrived.
    const boxes = topLevelBoxes(joined);
    expect(boxes.map((b) => b.type)).toEqual(['ftyp', 'moov', 'free', 'mdat']);
    // A remux copies the encoded bytes: the joined file (less the unused reserve) is about
    // the size of its parts, not a fresh encode.
    const sizes = clips.reduce((n, c) => n + c.length, 0);
    const used = joined.length - boxes[2]!.size;
    expect(used).toBeGreaterThan(sizes * 0.9);
    expect(used).toBeLessThan(sizes * 1.1);
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
    const out = join(dir, 'mismatch.mp4');
    await expect(concatClips([paths[0]!, portraitPath], out)).rejects.toThrow(ClipMismatchError);
    await expect(concatClips([paths[0]!, portraitPath], out)).rejects.toThrow(/clip 2 differs from clip 1 in (width|height)/);
  });

  it('needs at least one clip, and passes a single clip through intact', async () => {
    await expect(concatClips([], join(dir, 'none.mp4'))).rejects.toThrow(/at least one clip/);
    const path = join(dir, 'one.mp4');
    await concatClips([paths[1]!], path);
    expect((await probeClip(await readFile(path))).frames).toBe((await probeClip(clips[1]!)).frames);
  });
});

/** An MP4's top-level boxes, in file order. */
function topLevelBoxes(file: Buffer): { type: string; size: number }[] {
  const boxes: { type: string; size: number }[] = [];
  for (let at = 0; at + 8 <= file.length;) {
    let size = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    if (size === 1) size = Number(file.readBigUInt64BE(at + 8));
    boxes.push({ type, size });
    if (size < 8) break;
    at += size;
  }
  return boxes;
}
