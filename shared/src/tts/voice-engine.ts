import type { VoiceName } from '../domain/options.js';
import type { Pcm } from './wav.js';

/**
 * One speaking engine. `speak` answers one PCM clip per sentence, in order, so each
 * sentence's duration is measured rather than guessed. Errors are `LlmError`s, so TTS gets
 * the LLM's retry and clear-failure treatment.
 */
export interface VoiceEngine {
  readonly name: Exclude<VoiceName, 'none'>;
  /** Everything that makes this voice sound as it does (engine, model, voice, speed): part of the audio key. */
  readonly id: string;
  speak(sentences: readonly string[], signal?: AbortSignal): Promise<Pcm[]>;
}
