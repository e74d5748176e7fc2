import { rewriteManim } from '../code/rewrite.js';
import type { Concat, LlmFactory, RendererFactory, Rewrite, SpeakerFactory, VoicePicker } from './ports.js';

/**
 * The real implementations behind the handlers' ports, for the functions' `main.ts`.
 * Each reads its settings from the config's raw environment with its owner's parser.
 * They are imported on first use: most executions of the chain are no-ops that a guard
 * turns away, and they should not pay for loading an LLM SDK or a media muxer.
 */
export const llmFromConfig: LlmFactory = async (config, choice) => {
  const [{ llmConfigFromEnv }, { createProvider }] = await Promise.all([import('../llm/config.js'), import('../llm/provider.js')]);
  const base = llmConfigFromEnv(config.env);
  return createProvider({ ...base, provider: choice === 'auto' ? base.provider : choice });
};

export const rendererFromConfig: RendererFactory = async (config) => {
  const [{ renderConfigFromEnv }, { createRenderBackend }] = await Promise.all([import('../render/config.js'), import('../render/create-backend.js')]);
  return createRenderBackend(renderConfigFromEnv(config.env));
};

export const pickVoice: VoicePicker = async (config, choice) => {
  const [{ ttsConfigFromEnv }, { createVoice, resolveVoice }] = await Promise.all([import('../tts/config.js'), import('../tts/voice.js')]);
  const tts = ttsConfigFromEnv(config.env);
  const voice = resolveVoice(choice, tts);
  // An explicit voice that cannot speak here (no key, not installed) fails the video now, not every scene later.
  createVoice(voice, tts);
  return voice;
};

export const speakerFromConfig: SpeakerFactory = async (config, voice) => {
  const [{ ttsConfigFromEnv }, { createVoice }, { speakNarration }] = await Promise.all([import('../tts/config.js'), import('../tts/voice.js'), import('../tts/speak-narration.js')]);
  const engine = createVoice(voice, ttsConfigFromEnv(config.env));
  return engine ? { id: engine.id, speak: (narration) => speakNarration(narration, engine) } : null;
};

export const concat: Concat = async (clipPaths, outPath) => (await import('../media/concat-clips.js')).concatClips(clipPaths, outPath);

export const rewrite: Rewrite = (code) => rewriteManim(code);
