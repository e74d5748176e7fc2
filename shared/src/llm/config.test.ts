import { describe, expect, it } from 'vitest';
import { llmConfigFromEnv, resolveProviderName } from './config.js';
import { createProvider } from './provider.js';

describe('llmConfigFromEnv', () => {
  it('applies defaults and treats blank variables as unset', () => {
    const c = llmConfigFromEnv({ GEMINI_API_KEY: '', LLM_PROVIDER: '' });
    expect(c).toMatchObject({ provider: 'auto', geminiModel: 'gemini-2.5-flash', timeoutMs: 60000, maxRetries: 3, latexAvailable: false });
    expect(c.geminiApiKey).toBeUndefined();
  });

  it('parses numbers and booleans', () => {
    const c = llmConfigFromEnv({ LLM_TIMEOUT_MS: '1500', LLM_MAX_RETRIES: '0', LATEX_AVAILABLE: 'true', GEMINI_MODEL: 'gemini-2.5-pro' });
    expect(c).toMatchObject({ timeoutMs: 1500, maxRetries: 0, latexAvailable: true, geminiModel: 'gemini-2.5-pro' });
  });

  it('rejects a bad value without echoing secrets', () => {
    let message = '';
    try {
      llmConfigFromEnv({ LLM_PROVIDER: 'claude', GEMINI_API_KEY: 'AIza-top-secret' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('LLM_PROVIDER');
    expect(message).not.toContain('AIza-top-secret');
  });
});

describe('provider resolution', () => {
  it('auto picks gemini with a key, then openai-compatible with a base URL, else offline', () => {
    expect(resolveProviderName({ provider: 'auto', geminiApiKey: 'k', openaiBaseUrl: 'http://x' })).toBe('gemini');
    expect(resolveProviderName({ provider: 'auto', openaiBaseUrl: 'http://x' })).toBe('openai-compatible');
    expect(resolveProviderName({ provider: 'auto' })).toBe('offline');
    expect(createProvider({}).name).toBe('offline');
    expect(createProvider({ geminiApiKey: 'k' })).toMatchObject({ name: 'gemini', model: 'gemini-2.5-flash' });
  });

  it('refuses an explicit provider whose settings are missing', () => {
    expect(() => createProvider({ provider: 'gemini' })).toThrow(/GEMINI_API_KEY/);
    expect(() => createProvider({ provider: 'openai-compatible', openaiBaseUrl: 'http://127.0.0.1:1/v1' })).toThrow(/OPENAI_MODEL/);
  });
});
