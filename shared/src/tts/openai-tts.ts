import { kindForStatus, LlmError, parseRetryAfter, redact } from '../llm/errors.js';
import { withRetries } from '../llm/retry.js';
import type { TtsConfig } from './config.js';
import type { VoiceEngine } from './voice-engine.js';
import { decodeWav, type Pcm } from './wav.js';

/** Any server with OpenAI's speech route: `POST <base>/audio/speech` answering WAV. */
export function openAiTtsEngine(config: TtsConfig, deps: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {}): VoiceEngine {
  if (!config.openaiBaseUrl) throw new LlmError('config', 'voice "openai-compatible" needs OPENAI_TTS_BASE_URL or OPENAI_BASE_URL');
  const base = config.openaiBaseUrl.replace(/\/+$/, '');
  const doFetch = deps.fetch ?? globalThis.fetch;
  const secrets = [config.openaiApiKey];
  return {
    name: 'openai-compatible',
    id: `openai-compatible:${base}:${config.openaiModel}:${config.openaiVoice}`,
    async speak(sentences) {
      const out: Pcm[] = [];
      for (const sentence of sentences) out.push(await withRetries(() => once(sentence), { maxRetries: config.maxRetries, retryBaseMs: config.retryBaseMs, sleep: deps.sleep }));
      return out;
    },
  };

  async function once(sentence: string): Promise<Pcm> {
    let res: Response;
    let bytes: Uint8Array;
    try {
      res = await doFetch(`${base}/audio/speech`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(config.openaiApiKey ? { authorization: `Bearer ${config.openaiApiKey}` } : {}) },
        body: JSON.stringify({ model: config.openaiModel, voice: config.openaiVoice, input: sentence, response_format: 'wav' }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new LlmError('timeout', 'the speech server did not answer within the timeout');
      throw new LlmError('unavailable', redact(`the speech server could not be reached: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300), secrets));
    }
    if (!res.ok) {
      const text = Buffer.from(bytes).toString('utf8').slice(0, 300);
      throw new LlmError(kindForStatus(res.status), redact(`the speech server answered HTTP ${res.status}: ${text}`, secrets), { status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) });
    }
    try {
      return decodeWav(bytes);
    } catch (e) {
      throw new LlmError('bad_output', `the speech server did not answer WAV audio: ${(e as Error).message}`);
    }
  }
}
