import { z } from 'zod';
import type { LlmConfig } from './config.js';
import { chatProvider, type ChatBackend, type ChatRequest } from './chat-provider.js';
import { kindForStatus, LlmError, parseRetryAfter, redact } from './errors.js';
import type { LlmProvider, ProviderDeps } from './provider.js';
import { retryPolicy, withRetries } from './retry.js';

const ChatAnswer = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }), finish_reason: z.string().nullish() })).default([]),
  usage: z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() }).nullish(),
});

/** Any server speaking the OpenAI chat-completions API (Ollama, vLLM, llama.cpp, hosted). */
export function createOpenAiCompatibleProvider(config: LlmConfig, deps: ProviderDeps = {}): LlmProvider {
  return chatProvider(openAiBackend(config, deps), { latexAvailable: config.latexAvailable });
}

export function openAiBackend(config: LlmConfig, deps: ProviderDeps = {}): ChatBackend {
  const base = (config.openaiBaseUrl ?? '').replace(/\/+$/, '');
  const model = config.openaiModel ?? '';
  const secrets = [config.openaiApiKey];
  const doFetch = deps.fetch ?? globalThis.fetch;
  return {
    name: 'openai-compatible',
    model,
    complete(request) {
      return withRetries(() => once(request), retryPolicy(config, deps));
    },
  };

  async function once(request: ChatRequest) {
    const body = {
      model,
      messages: [
        { role: 'system', content: request.prompt.system },
        { role: 'user', content: request.prompt.user },
      ],
      temperature: request.jsonSchema ? 0.4 : 0.2,
      ...(request.jsonSchema ? { response_format: { type: 'json_object' } } : {}),
    };
    let res: Response;
    let raw: string;
    try {
      res = await doFetch(`${base}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(config.openaiApiKey ? { authorization: `Bearer ${config.openaiApiKey}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      raw = await res.text();
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new LlmError('timeout', 'the openai-compatible server did not answer within the timeout');
      throw new LlmError('unavailable', redact(`the openai-compatible server could not be reached: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300), secrets));
    }
    if (!res.ok) {
      throw new LlmError(kindForStatus(res.status), redact(`the openai-compatible server answered HTTP ${res.status}: ${raw.slice(0, 300)}`, secrets), {
        status: res.status,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
      });
    }
    let parsed: z.infer<typeof ChatAnswer>;
    try {
      parsed = ChatAnswer.parse(JSON.parse(raw));
    } catch {
      throw new LlmError('bad_output', 'the openai-compatible server sent a response that is not a chat completion');
    }
    return {
      text: parsed.choices[0]?.message.content ?? '',
      usage: { tokensIn: parsed.usage?.prompt_tokens ?? 0, tokensOut: parsed.usage?.completion_tokens ?? 0 },
      finishReason: parsed.choices[0]?.finish_reason ?? null,
    };
  }
}
