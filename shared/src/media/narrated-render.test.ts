import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConfigFromEnv } from '../render/config.js';
import type { RenderJob } from '../render/contract.js';
import { createLocalBackend } from '../render/local-backend.js';
import { ttsConfigFromEnv } from '../tts/config.js';
import { speakNarration } from '../tts/speak-narration.js';
import { createVoice } from '../tts/voice.js';
import { ClipMismatchError, concatClips } from './concat-clips.js';
import { ffprobe } from './ffprobe.js';
import { NARRATION_AUDIO } from './narration-audio.js';

// Speech laid under a real sandboxed Manim render: espeak-ng speaks, the scene's voiceover
// blocks place it, ffmpeg muxes it without touching the video.
const run = promisify(execFile);
const backend = createLocalBackend(renderConfigFromEnv({}));
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'narrated-')); });
afterAll(async () => { await backend.close(); await rm(dir, { recursive: true, force: true }); });

const narration = 'Newton noticed that things keep moving. A force changes that motion. Every push has an equal push back.';
const voiced = `from manim import *
from narration import VoiceoverScene

class Told(VoiceoverScene):
    def construct(self):
        t = Text("Newton")
        with self.voiceover(text="Newton noticed that things keep moving.") as tracker:
            self.play(Write(t), run_time=tracker.duration)
        with self.voiceover(text="A force changes that motion.") as tracker:
            self.play(t.animate.shift(UP), run_time=0.5)
`;

async function volume(path: string, from = 0, to = 1e9): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-nostdin', '-ss', String(from), '-to', String(to), '-i', path, '-af', 'volumedetect', '-f', 'null', '-'], { maxBuffer: 8 << 20 });
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1] ?? -91);
}

describe('a narrated render', () => {
  it('carries one AAC track of the speech where the blocks put it, speaks the sentences the code skipped, and is never shorter than the speech', async () => {
    const spoken = (await speakNarration(narration, createVoice('espeak', ttsConfigFromEnv({}))!))!;
    const job: RenderJob = { code: voiced, className: 'Told', quality: 'preview', aspectRatio: '16:9', narration: { audioBase64: Buffer.from(spoken.wav).toString('base64'), sentences: spoken.speech.sentences } };
    const result = await backend.render(job);
    if (!result.ok) throw new Error(`${result.errorClass}: ${result.message}\n${result.log}`);
    const path = join(dir, 'told.mp4');
    await writeFile(path, result.clip);
    const probe = await ffprobe(path);
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264', NARRATION_AUDIO.codec]);
    const [video, audio] = probe.streams;
    expect(Math.abs(Number(video!.duration) - Number(audio!.duration))).toBeLessThan(0.1);

    // Every sentence has its cue, in order, the third (never voiced by the code) at the end.
    expect(result.cues!.map((c) => c.text)).toEqual(spoken.speech.sentences.map((s) => s.text));
    const cues = result.cues!;
    cues.forEach((c, i) => {
      expect(c.end - c.start).toBeCloseTo(spoken.speech.sentences[i]!.duration, 2);
      if (i > 0) expect(c.start).toBeGreaterThanOrEqual(cues[i - 1]!.end - 0.01);
    });
    expect(result.durationSeconds).toBeGreaterThanOrEqual(cues.at(-1)!.end);
    expect(result.durationSeconds).toBeGreaterThanOrEqual(spoken.speech.sentences.reduce((n, s) => n + s.duration, 0));
    // Speech is heard during a cue and the gap between cues is quiet.
    expect(await volume(path, cues[1]!.start, cues[1]!.end)).toBeGreaterThan(-35);
  }, 120_000);

  it("gives a narrated video's silent scene a silent track in the same layout", async () => {
    const result = await backend.render({ code: voiced.replace('VoiceoverScene)', 'Scene)').replace('from narration import VoiceoverScene\n', '').replace(/with self\.voiceover[^\n]*\n/g, 'if True:\n').replaceAll('tracker.duration', '1'), className: 'Told', quality: 'preview', aspectRatio: '16:9', narration: { sentences: [] } });
    if (!result.ok) throw new Error(`${result.errorClass}: ${result.message}\n${result.log}`);
    const path = join(dir, 'silent.mp4');
    await writeFile(path, result.clip);
    const probe = await ffprobe(path);
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(result.cues).toEqual([]);
    expect(await volume(path)).toBeLessThan(-80);
  }, 120_000);

  it('joins narrated clips, speech and silence, into one H.264 and one AAC stream without re-encoding, and refuses a clip without audio', async () => {
    const silentVideo = join(dir, 'no-audio.mp4');
    const plain = await backend.render({ code: 'from manim import *\n\nclass Told(Scene):\n    def construct(self):\n        self.play(Create(Circle()), run_time=1)\n', className: 'Told', quality: 'preview', aspectRatio: '16:9' });
    if (!plain.ok) throw new Error(plain.message);
    await writeFile(silentVideo, plain.clip);
    const parts = [join(dir, 'told.mp4'), join(dir, 'silent.mp4'), join(dir, 'told.mp4')];
    const out = join(dir, 'joined.mp4');
    await concatClips(parts, out);
    const probe = await ffprobe(out, { countFrames: true });
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    const durations = await Promise.all(parts.map(async (p) => Number((await ffprobe(p)).format.duration)));
    const [video, audio] = probe.streams;
    const sum = durations.reduce((a, b) => a + b, 0);
    expect(Math.abs(Number(video!.duration) - sum)).toBeLessThan(0.1);
    expect(Math.abs(Number(audio!.duration) - Number(video!.duration))).toBeLessThan(0.25);
    // The second clip is silent, the third speaks again where the first did.
    expect(await volume(out, durations[0]! + 0.2, durations[0]! + durations[1]! - 0.2)).toBeLessThan(-80);
    expect(await volume(out, durations[0]! + durations[1]!, sum)).toBeGreaterThan(-35);
    await expect(concatClips([parts[0]!, silentVideo], join(dir, 'bad.mp4'))).rejects.toBeInstanceOf(ClipMismatchError);
    // The message names the clip with no track and one that has it, whichever comes first.
    await expect(concatClips([silentVideo, parts[0]!], join(dir, 'bad.mp4'))).rejects.toThrow(/clip 1 differs from clip 2 in audio track \(none vs an audio track\)/);
  }, 120_000);

  it('refuses narrated code that does not play its narration', async () => {
    const result = await backend.render({ code: 'from manim import *\n\nclass Told(Scene):\n    def construct(self):\n        self.wait(1)\n', className: 'Told', quality: 'preview', aspectRatio: '16:9', narration: { audioBase64: 'AAAA', sentences: [{ text: 'Hi.', start: 0, duration: 1 }] } });
    expect(result).toMatchObject({ ok: false, errorClass: 'gate', message: expect.stringContaining('VoiceoverScene') });
  });
});
