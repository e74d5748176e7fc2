import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { Cue, SpokenSentence } from '../domain/narration.js';
import { NARRATION_AUDIO } from './narration-audio.js';

const run = promisify(execFile);

/** What the scene's `VoiceoverScene` recorded: which sentences each block spoke, from when (seconds). */
export const NarrationTimeline = z.object({
  blocks: z.array(z.object({ first: z.number().int().min(0), last: z.number().int().min(0), at: z.number().min(0) })).max(400),
});
export type NarrationTimeline = z.infer<typeof NarrationTimeline>;

export type LayNarrationInput = {
  /** The silent clip Manim wrote. */
  clipPath: string;
  /** The scene's audio file, or null for a narrated video's scene without speech (silence). */
  audioPath: string | null;
  sentences: readonly SpokenSentence[];
  timeline: NarrationTimeline;
  clipSeconds: number;
  outPath: string;
};

/** The cues of a timeline: each spoken sentence at its place in the clip, cut at the clip's end. */
export function cuesFor(sentences: readonly SpokenSentence[], timeline: NarrationTimeline, clipSeconds: number): Cue[] {
  const cues: Cue[] = [];
  for (const block of timeline.blocks) {
    const first = sentences[block.first];
    if (!first || block.last < block.first || block.last >= sentences.length) continue;
    for (let i = block.first; i <= block.last; i++) {
      const s = sentences[i]!;
      const start = round3(block.at + s.start - first.start);
      if (start >= clipSeconds) continue;
      cues.push({ start, end: round3(Math.min(clipSeconds, start + s.duration)), text: s.text });
    }
  }
  return cues.sort((a, b) => a.start - b.start);
}

/**
 * Lays the scene's speech under its clip: each block's stretch of the audio file at the time
 * the scene reached it, silence elsewhere, cut to the clip's length, in the one AAC layout.
 * The video stream is copied, never re-encoded.
 */
export async function layNarration(input: LayNarrationInput): Promise<Cue[]> {
  const cues = input.audioPath ? cuesFor(input.sentences, input.timeline, input.clipSeconds) : [];
  const d = input.clipSeconds.toFixed(3);
  const args = ['-nostdin', '-v', 'error', '-y', '-i', input.clipPath];
  const pieces = input.audioPath ? blocksOf(input.sentences, input.timeline, input.clipSeconds) : [];
  let graph: string;
  if (pieces.length === 0) {
    args.push('-f', 'lavfi', '-t', d, '-i', `anullsrc=r=${NARRATION_AUDIO.sampleRate}:cl=mono`);
    graph = `[1:a]aresample=${NARRATION_AUDIO.sampleRate},atrim=end=${d}[a]`;
  } else {
    args.push('-i', input.audioPath!);
    const split = pieces.length > 1 ? `[1:a]asplit=${pieces.length}${pieces.map((_, i) => `[s${i}]`).join('')};` : '';
    const trims = pieces.map((p, i) => `[${pieces.length > 1 ? `s${i}` : '1:a'}]atrim=start=${p.from.toFixed(3)}:end=${p.to.toFixed(3)},asetpts=PTS-STARTPTS,adelay=delays=${Math.round(p.at * 1000)}:all=1[b${i}]`);
    const mixed = pieces.length > 1 ? `${pieces.map((_, i) => `[b${i}]`).join('')}amix=inputs=${pieces.length}:normalize=0:duration=longest` : '[b0]anull';
    graph = `${split}${trims.join(';')};${mixed},aresample=${NARRATION_AUDIO.sampleRate},apad=whole_dur=${d},atrim=end=${d}[a]`;
  }
  args.push(
    '-filter_complex', graph,
    '-map', '0:v:0', '-map', '[a]',
    '-c:v', 'copy',
    '-c:a', NARRATION_AUDIO.codec, '-b:a', NARRATION_AUDIO.bitrate, '-ar', String(NARRATION_AUDIO.sampleRate), '-ac', String(NARRATION_AUDIO.channels),
    '-movflags', '+faststart', input.outPath,
  );
  await run('ffmpeg', args, { maxBuffer: 4 * 1024 * 1024 });
  return cues;
}

function blocksOf(sentences: readonly SpokenSentence[], timeline: NarrationTimeline, clipSeconds: number): { from: number; to: number; at: number }[] {
  const out: { from: number; to: number; at: number }[] = [];
  for (const block of timeline.blocks) {
    const first = sentences[block.first];
    const last = sentences[block.last];
    if (!first || !last || block.last < block.first || block.at >= clipSeconds) continue;
    out.push({ from: first.start, to: last.start + last.duration, at: block.at });
  }
  return out;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
