import { z } from 'zod';
import { hash20 } from './ids.js';

/**
 * Narration: what a narrator says in one scene (plain text on the scene row), the speech
 * made from it (one audio file per scene, each sentence's place in it) and the cues a render
 * reports (when each sentence was spoken in the clip). Pure data and arithmetic, so the
 * handlers, the renderer, the combine and the dashboard share one definition.
 */
export const NARRATION_MAX = 2000;
/** How fast a narrator speaks, for a first guess of the scene's length before the audio exists. */
const WORDS_PER_SECOND = 2.6;

export const Narration = z
  .string()
  .trim()
  .max(NARRATION_MAX, { error: `the narration must be at most ${NARRATION_MAX} characters` })
  .refine((s) => !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/.test(s), { error: 'the narration must not contain control characters' });

/**
 * Sentences as the narrator says them: split after . ! ? (and line breaks), never inside
 * "e.g." or a decimal number, with whitespace collapsed. Empty text has no sentences.
 */
export function splitSentences(text: string): string[] {
  const flat = text.replace(/\s*\n\s*\n\s*/g, '\n').trim();
  if (!flat) return [];
  const out: string[] = [];
  for (const line of flat.split('\n')) {
    let start = 0;
    const re = /[.!?…]+["'”’)\]]*(?=\s+|$)/g;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const end = m.index + m[0].length;
      const before = line.slice(start, m.index);
      // "e.g." / "i.e." / "Dr." end with a period but do not end a sentence.
      if (m[0].startsWith('.') && (/\b(e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|St|No|Fig|approx)$/i.test(before.trim()) || /\b[A-Z]$/.test(before))) continue;
      out.push(line.slice(start, end));
      start = end;
    }
    out.push(line.slice(start));
  }
  return out.map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/**
 * What identifies a scene's audio: the voice (engine, model, settings) and the sentences.
 * Same key, same audio: a re-render or a retry reuses the file; an edited narration or a
 * different voice gets a new one.
 */
export function speechKey(voiceId: string, narration: string): string {
  return hash20([voiceId, ...splitSentences(narration)].join('\n'));
}

export function estimateSpeechSeconds(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.round((words / WORDS_PER_SECOND) * 10) / 10;
}

/** One sentence in a scene's audio file: where it starts and how long it lasts, in seconds. */
export const SpokenSentence = z.object({
  text: z.string().min(1).max(NARRATION_MAX),
  start: z.number().min(0),
  duration: z.number().positive(),
});
export type SpokenSentence = z.infer<typeof SpokenSentence>;

/** The speech made for one scene: stored on the scene row (`speech`) beside its audio file. */
export const Speech = z.object({
  voice: z.string().min(1).max(64),
  sentences: z.array(SpokenSentence).max(200),
  /** Length of the audio file. */
  seconds: z.number().min(0),
});
export type Speech = z.infer<typeof Speech>;

/** When a sentence was heard in a rendered clip (seconds from the clip's start). */
export const Cue = z.object({ start: z.number().min(0), end: z.number().min(0), text: z.string().min(1).max(NARRATION_MAX) });
export type Cue = z.infer<typeof Cue>;
export const Cues = z.array(Cue).max(200);

/** Parses a JSON column; a missing or unreadable one is `null`, never a throw (rows may be hand-edited). */
export function decodeJsonColumn<T>(schema: z.ZodType<T>, text: string | null | undefined): T | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
