import { ApiError, GoogleGenAI } from '@google/genai';
import type { LlmConfig } from './config.js';
import { chatProvider, type ChatBackend, type ChatRequest } from './chat-provider.js';
import { kindForStatus, LlmError, parseRetryAfter, redact } from './errors.js';
import type { LlmProvider, ProviderDeps } from './provider.js';
import { retryPolicy, withRetries } from './retry.js';

/** Gemini through Google's Gen AI SDK; `geminiBaseUrl` points it at a proxy or the test fake. */
export function createGeminiProvider(config: LlmConfig, deps: ProviderDeps = {}): LlmProvider {
  return chatProvider(geminiBackend(config, deps), { latexAvailable: config.latexAvailable });
}

export function geminiBackend(config: LlmConfig, deps: ProviderDeps = {}): ChatBackend {
  const apiKey = config.geminiApiKey ?? '';
  const model = config.geminiModel;
  return {
    name: 'gemini',
    model,
    async complete(request: ChatRequest) {
      return withRetries(() => once(request), retryPolicy(config, deps));
    },
  };

  async function once(request: ChatRequest) {
    const { ai, retryAfter } = geminiClient({ apiKey, baseUrl: config.geminiBaseUrl, timeoutMs: config.timeoutMs }, deps.fetch);
    try {
      const res = await ai.models.generateContent({
        model,
        contents: [{ role: 'user', parts: [{ text: request.prompt.user }] }],
        config: {
          systemInstruction: request.prompt.system,
          temperature: request.jsonSchema ? 0.4 : 0.2,
          ...(request.jsonSchema ? { responseMimeType: 'application/json', responseJsonSchema: request.jsonSchema } : {}),
        },
      });
      const meta = res.usageMetadata;
      return {
        text: res.text ?? '',
        usage: { tokensIn: meta?.promptTokenCount ?? 0, tokensOut: (meta?.candidatesTokenCount ?? 0) + (meta?.thoughtsTokenCount ?? 0) },
        finishReason: res.candidates?.[0]?.finishReason ?? null,
      };
    } catch (e) {
      throw toLlmError(e, parseRetryAfter(retryAfter()), [apiKey]);
    }
  }
}

/**
 * One SDK client for one call. The SDK's ApiError carries only the status, so the
 * Retry-After header is caught on its way through this fetch.
 */
export function geminiClient(opts: { apiKey: string; baseUrl?: string; timeoutMs: number }, fetchImpl?: typeof fetch): { ai: GoogleGenAI; retryAfter: () => string | null } {
  let retryAfter: string | null = null;
  const baseFetch = fetchImpl ?? globalThis.fetch;
  const capturingFetch: typeof fetch = async (input, init) => {
    const res = await baseFetch(input, init);
    retryAfter = res.headers.get('retry-after');
    return res;
  };
  const ai = new GoogleGenAI({ apiKey: opts.apiKey, httpOptions: { baseUrl: opts.baseUrl, timeout: opts.timeoutMs, fetch: capturingFetch } });
  return { ai, retryAfter: () => retryAfter };
}

export function toLlmError(e: unknown, retryAfterMs: number | undefined, secrets: string[]): LlmError {
  if (e instanceof LlmError) return e;
  if (e instanceof ApiError) {
    const kind = kindForStatus(e.status);
    return new LlmError(kind, redact(`gemini answered HTTP ${e.status}: ${serverMessage(e.message)}`, secrets), { status: e.status, retryAfterMs });
  }
  const name = e instanceof Error ? e.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') return new LlmError('timeout', 'gemini did not answer within the timeout');
  if (e instanceof SyntaxError) return new LlmError('bad_output', 'gemini sent a response that is not JSON');
  const msg = e instanceof Error ? e.message : String(e);
  return new LlmError('unavailable', redact(`gemini could not be reached: ${msg.slice(0, 200)}`, secrets));
}

/** The server's own short message from an error body like `{"error":{"message":…}}`. */
function serverMessage(raw: string): string {
  try {
    const body = JSON.parse(raw) as { error?: { message?: unknown; status?: unknown } };
    const m = body.error?.message ?? body.error?.status;
    if (typeof m === 'string') return m.slice(0, 300);
  } catch {
    // not JSON: fall through
  }
  return raw.slice(0, 300);
}
