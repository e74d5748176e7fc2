import { LlmError } from '../llm/errors.js';
import type { TtsConfig } from './config.js';
import { runProgram } from './run-program.js';
import type { VoiceEngine } from './voice-engine.js';
import { decodeWav } from './wav.js';

/** Debian's espeak-ng: robotic but instant and deterministic, the voice of the tests. */
export function espeakEngine(config: TtsConfig): VoiceEngine {
  return {
    name: 'espeak',
    id: `espeak:${config.espeakVoice}:${config.espeakSpeed}`,
    async speak(sentences, signal) {
      const out = [];
      for (const sentence of sentences) {
        let run;
        try {
          run = await runProgram(config.espeakBinary, ['-v', config.espeakVoice, '-s', String(config.espeakSpeed), '--stdout'], { stdin: sentence, timeoutMs: config.timeoutMs, signal });
        } catch (err) {
          throw new LlmError('config', `espeak-ng cannot be started (${(err as Error).message}); install Debian's espeak-ng or choose another voice`);
        }
        if (run.timedOut) throw new LlmError('timeout', 'espeak-ng did not finish within the timeout');
        if (run.code !== 0) throw new LlmError('unavailable', `espeak-ng failed (exit ${run.code}): ${run.stderr.trim().slice(0, 300)}`);
        out.push(decodeWav(run.stdout));
      }
      return out;
    },
  };
}
