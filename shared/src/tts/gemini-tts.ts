import { geminiClient, toLlmError } from '../llm/gemini.js';
import { LlmError, parseRetryAfter } from '../llm/errors.js';
import { withRetries } from '../llm/retry.js';
import type { TtsConfig } from './config.js';
import type { VoiceEngine } from './voice-engine.js';
import { pcmFromS16le, type Pcm } from './wav.js';

/** Gemini's speech answers raw 16-bit mono PCM; 24 kHz unless the part's MIME type says otherwise. */
const GEMINI_PCM_RATE = 24_000;

/**
 * Gemini's speech generation through `@google/genai`: `generateContent` with
 * `responseModalities: ['AUDIO']` and a prebuilt voice; the answer's `inlineData` is base64
 * PCM that becomes WAV here. One request per sentence, so each duration is exact.
 */
export function geminiTtsEngine(config: TtsConfig, deps: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {}): VoiceEngine {
  const apiKey = config.geminiApiKey;
  if (!apiKey) throw new LlmError('config', 'voice "gemini" needs GEMINI_API_KEY');
  return {
    name: 'gemini',
    id: `gemini:${config.geminiModel}:${config.geminiVoice}`,
    async speak(sentences) {
      const out: Pcm[] = [];
      for (const sentence of sentences) {
        out.push(await withRetries(() => once(sentence), { maxRetries: config.maxRetries, retryBaseMs: config.retryBaseMs, sleep: deps.sleep }));
      }
      return out;
    },
  };

  async function once(sentence: string): Promise<Pcm> {
    const { ai, retryAfter } = geminiClient({ apiKey: apiKey!, baseUrl: config.geminiBaseUrl, timeoutMs: config.timeoutMs }, deps.fetch);
    let res;
    try {
      res = await ai.models.generateContent({
        model: config.geminiModel,
        contents: [{ role: 'user', parts: [{ text: sentence }] }],
        config: {
          responseModalities: ['AUDIO'],
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: config.geminiVoice } } },
        },
      });
    } catch (e) {
      throw toLlmError(e, parseRetryAfter(retryAfter()), [apiKey!]);
    }
    const parts = res.candidates?.[0]?.content?.parts ?? [];
    const audio = parts.map((p) => p.inlineData).filter((d): d is { data: string; mimeType?: string } => typeof d?.data === 'string' && d.data.length > 0);
    if (audio.length === 0) throw new LlmError('bad_output', `gemini answered without audio (finish reason ${res.candidates?.[0]?.finishReason ?? 'none'})`);
    const mime = audio[0]!.mimeType ?? '';
    if (mime && !/^audio\/(l16|pcm)/i.test(mime)) throw new LlmError('bad_output', `gemini answered audio as ${mime.slice(0, 60)}, not raw PCM`);
    const rate = Number(/rate=(\d+)/i.exec(mime)?.[1] ?? GEMINI_PCM_RATE);
    const bytes = Buffer.concat(audio.map((d) => Buffer.from(d.data, 'base64')));
    return pcmFromS16le(bytes, rate);
  }
}
