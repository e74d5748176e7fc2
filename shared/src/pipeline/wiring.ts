import { rewriteManim } from '../code/rewrite.js';
import type { Concat, LlmFactory, RendererFactory, Rewrite } from './ports.js';

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

export const concat: Concat = async (clipPaths, outPath) => (await import('../media/concat-clips.js')).concatClips(clipPaths, outPath);

export const rewrite: Rewrite = (code) => rewriteManim(code);
