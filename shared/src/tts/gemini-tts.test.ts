import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INVALID_KEY, startFakeGemini, type FakeGemini } from '../../../infra/testing/fake-gemini.js';
import { ttsConfigFromEnv } from './config.js';
import { speakNarration } from './speak-narration.js';
import { createVoice } from './voice.js';
import { decodeWav } from './wav.js';

// The real @google/genai code path against a local server speaking Gemini's speech protocol.
let fake: FakeGemini;
beforeAll(async () => { fake = await startFakeGemini(); });
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const config = (env: Record<string, string> = {}) => ttsConfigFromEnv({ GEMINI_API_KEY: 'tts-key-123', GEMINI_BASE_URL: fake.url, GEMINI_TTS_VOICE: 'Puck', LLM_RETRY_BASE_MS: '1', ...env });

describe('gemini voice', () => {
  it('asks for audio in the configured voice, one request per sentence, and turns the 24 kHz PCM into timed speech', async () => {
    const spoken = await speakNarration('Short one. This second sentence is quite a lot longer than the first.', createVoice('gemini', config({ GEMINI_TTS_MODEL: 'tts-model-x' }))!);
    const speech = fake.requests.filter((r) => r.kind === 'speech');
    expect(speech.map((r) => r.model)).toEqual(['tts-model-x', 'tts-model-x']);
    expect(speech[0]!.body).toMatchObject({ contents: [{ parts: [{ text: 'Short one.' }] }], generationConfig: { responseModalities: ['AUDIO'], speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } } } });
    expect(JSON.stringify(fake.requests)).not.toContain('tts-key-123');
    const [a, b] = spoken!.speech.sentences;
    expect(b!.duration).toBeGreaterThan(a!.duration * 3);
    expect(spoken!.speech.voice).toBe('gemini:tts-model-x:Puck');
    expect(decodeWav(spoken!.wav).sampleRate).toBe(24_000);
  });

  it('retries an overloaded speech request like an LLM call, and fails clearly on a refused key', async () => {
    const spoken = await speakNarration('Busy now [speech-503x2].', createVoice('gemini', config())!);
    expect(spoken!.speech.sentences).toHaveLength(1);
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    await expect(speakNarration('Hello.', createVoice('gemini', config({ GEMINI_API_KEY: INVALID_KEY }))!)).rejects.toMatchObject({ name: 'LlmError', retriable: false });
    expect(() => createVoice('gemini', ttsConfigFromEnv({}))).toThrow(/GEMINI_API_KEY/);
  });
});
