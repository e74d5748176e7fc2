import { spawnSync } from 'node:child_process';
import type { VoiceChoice, VoiceName } from '../domain/options.js';
import { LlmError } from '../llm/errors.js';
import type { TtsConfig } from './config.js';
import { espeakEngine } from './espeak.js';
import { geminiTtsEngine } from './gemini-tts.js';
import { openAiTtsEngine } from './openai-tts.js';
import { piperEngine, piperInstalled } from './piper.js';
import type { VoiceEngine } from './voice-engine.js';

export type { VoiceEngine } from './voice-engine.js';

export type VoiceDeps = { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> };

function espeakInstalled(config: Pick<TtsConfig, 'espeakBinary'>): boolean {
  return spawnSync(config.espeakBinary, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The voice a video gets: `auto` = gemini when a Gemini key is set, else piper when it is
 * installed, else espeak when it is, else none (a silent video, and the row says so).
 */
export function resolveVoice(choice: VoiceChoice, config: TtsConfig): VoiceName {
  if (choice !== 'auto') return choice;
  if (config.geminiApiKey) return 'gemini';
  if (piperInstalled(config)) return 'piper';
  if (espeakInstalled(config)) return 'espeak';
  return 'none';
}

/** The engine for a resolved voice; `null` for `none`. A voice whose settings are missing is a config error. */
export function createVoice(name: VoiceName, config: TtsConfig, deps: VoiceDeps = {}): VoiceEngine | null {
  switch (name) {
    case 'none':
      return null;
    case 'espeak':
      return espeakEngine(config);
    case 'piper':
      if (!piperInstalled(config)) throw new LlmError('config', `voice "piper" is not installed in ${config.venv}; run infra/setup/ensure.sh or choose another voice`);
      return piperEngine(config);
    case 'gemini':
      return geminiTtsEngine(config, deps);
    case 'openai-compatible':
      return openAiTtsEngine(config, deps);
  }
}
