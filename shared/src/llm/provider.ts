import type { AspectRatio, Quality } from '../domain/options.js';
import type { Plan, ScenePlan } from '../domain/plan.js';
import type { Usage } from '../domain/cost.js';
import { LlmConfig, resolveProviderName, type LlmConfigInput } from './config.js';
import { LlmError } from './errors.js';
import { createGeminiProvider } from './gemini.js';
import { createOfflineProvider } from './offline/provider.js';
import { createOpenAiCompatibleProvider } from './openai-compatible.js';

export type { Usage } from '../domain/cost.js';
export { LlmError } from './errors.js';

export interface PlanRequest {
  topic: string;
  description: string;
  maxScenes: number;
  aspectRatio: AspectRatio;
}

export interface CodeRequest {
  topic: string;
  scene: ScenePlan;
  sceneNumber: number;
  sceneCount: number;
  className: string;
  quality: Quality;
  aspectRatio: AspectRatio;
  /**
   * The scene's narration as spoken, sentence by sentence with measured seconds: the code
   * plays each through `with self.voiceover(text=...)`, timed to it. Absent for a silent scene.
   */
  speech?: { sentences: readonly { text: string; duration: number }[] };
  /**
   * The last attempt's code and its error (traceback tail), for a repair attempt. With
   * `layout`, the code rendered and `error` lists the layout check's findings instead.
   */
  previous?: { code: string; error: string; layout?: true };
}

export interface LlmProvider {
  readonly name: 'gemini' | 'openai-compatible' | 'offline';
  readonly model: string;
  plan(input: PlanRequest): Promise<{ plan: Plan; usage: Usage }>;
  code(input: CodeRequest): Promise<{ code: string; usage: Usage }>;
}

export interface ProviderDeps {
  /** Replaces global fetch for the openai-compatible provider and the Gemini SDK. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; delayMs: number; kind: string }) => void;
}

/**
 * Builds the provider the config asks for. `auto` resolves to gemini (key set), then
 * openai-compatible (base URL set), then offline; `provider.name` says which one ran.
 * Asking explicitly for a provider whose settings are missing is a config error.
 */
export function createProvider(configInput: LlmConfigInput, deps: ProviderDeps = {}): LlmProvider {
  const config = LlmConfig.parse(configInput);
  const name = resolveProviderName(config);
  switch (name) {
    case 'gemini':
      if (!config.geminiApiKey) throw new LlmError('config', 'provider "gemini" needs GEMINI_API_KEY');
      return createGeminiProvider(config, deps);
    case 'openai-compatible':
      if (!config.openaiBaseUrl) throw new LlmError('config', 'provider "openai-compatible" needs OPENAI_BASE_URL');
      if (!config.openaiModel) throw new LlmError('config', 'provider "openai-compatible" needs OPENAI_MODEL');
      return createOpenAiCompatibleProvider(config, deps);
    case 'offline':
      return createOfflineProvider({ latexAvailable: config.latexAvailable });
  }
}
