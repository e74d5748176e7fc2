import { z } from 'zod';

export const ProviderSetting = z.enum(['auto', 'gemini', 'openai-compatible', 'offline']);
export type ProviderSetting = z.infer<typeof ProviderSetting>;

export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

/** Typed LLM settings. `auto` = gemini when a key is set, else openai-compatible when a base URL is set, else offline. */
export const LlmConfig = z.object({
  provider: ProviderSetting.default('auto'),
  geminiApiKey: z.string().min(1).optional(),
  geminiModel: z.string().min(1).default(DEFAULT_GEMINI_MODEL),
  geminiBaseUrl: z.url().optional(),
  openaiBaseUrl: z.url().optional(),
  openaiApiKey: z.string().min(1).optional(),
  openaiModel: z.string().min(1).optional(),
  /** Per HTTP attempt. */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Retries after the first attempt, for 429 / 5xx / network errors / timeouts. */
  maxRetries: z.number().int().min(0).max(10).default(3),
  /** First backoff step; doubles per retry, with jitter. */
  retryBaseMs: z.number().int().min(0).default(1000),
  /** Whether the render host has LaTeX; the offline provider then writes MathTex. */
  latexAvailable: z.boolean().default(false),
});
export type LlmConfig = z.output<typeof LlmConfig>;
export type LlmConfigInput = z.input<typeof LlmConfig>;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalInt = z.preprocess(blankToUndefined, z.coerce.number().int().optional());
const optionalBool = z.preprocess(
  blankToUndefined,
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'])
    .transform((v) => v === '1' || v === 'true' || v === 'yes')
    .optional(),
);

/**
 * The environment variables that configure the LLM, as an env-like record → LlmConfig.
 * Empty strings count as unset (Appwrite function variables are often created blank).
 */
export const LlmEnv = z
  .object({
    LLM_PROVIDER: z.preprocess(blankToUndefined, ProviderSetting.optional()),
    GEMINI_API_KEY: optionalString,
    GEMINI_MODEL: optionalString,
    GEMINI_BASE_URL: optionalString,
    OPENAI_BASE_URL: optionalString,
    OPENAI_API_KEY: optionalString,
    OPENAI_MODEL: optionalString,
    LLM_TIMEOUT_MS: optionalInt,
    LLM_MAX_RETRIES: optionalInt,
    LLM_RETRY_BASE_MS: optionalInt,
    LATEX_AVAILABLE: optionalBool,
  })
  .transform((e) =>
    LlmConfig.parse({
      provider: e.LLM_PROVIDER,
      geminiApiKey: e.GEMINI_API_KEY,
      geminiModel: e.GEMINI_MODEL,
      geminiBaseUrl: e.GEMINI_BASE_URL,
      openaiBaseUrl: e.OPENAI_BASE_URL,
      openaiApiKey: e.OPENAI_API_KEY,
      openaiModel: e.OPENAI_MODEL,
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxRetries: e.LLM_MAX_RETRIES,
      retryBaseMs: e.LLM_RETRY_BASE_MS,
      latexAvailable: e.LATEX_AVAILABLE,
    }),
  );

/** Parses an env-like record; throws a ZodError naming the bad variable (never echoing values). */
export function llmConfigFromEnv(env: Record<string, string | undefined>): LlmConfig {
  return LlmEnv.parse(env);
}

export type ResolvedProvider = 'gemini' | 'openai-compatible' | 'offline';

export function resolveProviderName(config: Pick<LlmConfig, 'provider' | 'geminiApiKey' | 'openaiBaseUrl'>): ResolvedProvider {
  if (config.provider !== 'auto') return config.provider;
  if (config.geminiApiKey) return 'gemini';
  if (config.openaiBaseUrl) return 'openai-compatible';
  return 'offline';
}
