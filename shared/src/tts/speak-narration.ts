import { splitSentences, type Speech } from '../domain/narration.js';
import { LlmError } from '../llm/errors.js';
import type { VoiceEngine } from './voice-engine.js';
import { concatPcm, encodeWav, normalizeLoudness, resample, seconds, silence, trimSilence, type Pcm } from './wav.js';

/** The pause between two sentences of a scene, and the rate every scene's audio is stored at. */
export const SENTENCE_GAP_SECONDS = 0.3;
export const AUDIO_RATE = 24_000;

export type SpokenScene = { wav: Uint8Array; speech: Speech };

/**
 * Speaks a scene's narration: one clip per sentence from the engine, silence trimmed, joined
 * with a short pause, loudness evened out, as one 24 kHz mono WAV with each sentence's place.
 */
export async function speakNarration(narration: string, engine: VoiceEngine, signal?: AbortSignal): Promise<SpokenScene | null> {
  const sentences = splitSentences(narration);
  if (sentences.length === 0) return null;
  const clips = await engine.speak(sentences, signal);
  if (clips.length !== sentences.length) throw new LlmError('bad_output', `${engine.name} answered ${clips.length} clips for ${sentences.length} sentences`);
  const parts: Pcm[] = [];
  const spoken: Speech['sentences'] = [];
  let at = 0;
  sentences.forEach((text, i) => {
    const clip = trimSilence(resample(clips[i]!, AUDIO_RATE));
    if (clip.samples.length === 0) throw new LlmError('bad_output', `${engine.name} produced silence for sentence ${i + 1}`);
    if (i > 0) {
      parts.push(silence(AUDIO_RATE, SENTENCE_GAP_SECONDS));
      at += SENTENCE_GAP_SECONDS;
    }
    parts.push(clip);
    spoken.push({ text, start: round3(at), duration: round3(seconds(clip)) });
    at += seconds(clip);
  });
  const audio = normalizeLoudness(concatPcm(parts, AUDIO_RATE));
  return { wav: encodeWav(audio), speech: { voice: engine.id.slice(0, 64), sentences: spoken, seconds: round3(seconds(audio)) } };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
