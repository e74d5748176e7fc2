import { rewriteManim } from '../code/rewrite.js';
import { llmConfigFromEnv } from '../llm/config.js';
import { createProvider } from '../llm/provider.js';
import { concatClips } from '../media/concat-clips.js';
import { renderConfigFromEnv } from '../render/config.js';
import { createRenderBackend } from '../render/create-backend.js';
import type { Concat, LlmFactory, RendererFactory, Rewrite } from './ports.js';

/**
 * The real implementations behind the handlers' ports, for the functions' `main.ts`.
 * Each reads its settings from the config's raw environment with its owner's parser.
 */
export const llmFromConfig: LlmFactory = (config, choice) => {
  const base = llmConfigFromEnv(config.env);
  return createProvider({ ...base, provider: choice === 'auto' ? base.provider : choice });
};

export const rendererFromConfig: RendererFactory = (config) => createRenderBackend(renderConfigFromEnv(config.env));

export const concat: Concat = (clips) => concatClips(clips);

export const rewrite: Rewrite = (code) => rewriteManim(code);
