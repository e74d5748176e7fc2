import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';

describe('resolveConfig', () => {
  it('prefers the runtime file and resolves a relative endpoint against the page', () => {
    const config = resolveConfig({ endpoint: '/v1', projectId: 'local' }, { VITE_APPWRITE_ENDPOINT: 'https://build.example/v1', VITE_APPWRITE_PROJECT_ID: 'p' }, 'http://127.0.0.1:4000/#/videos/x');
    expect(config).toEqual({ endpoint: 'http://127.0.0.1:4000/v1', projectId: 'local' });
  });

  it('falls back to the build-time values when no runtime file is served', () => {
    const config = resolveConfig(null, { VITE_APPWRITE_ENDPOINT: 'https://api.example.test/v1/', VITE_APPWRITE_PROJECT_ID: 'proj' }, 'https://app.example.test/');
    expect(config).toEqual({ endpoint: 'https://api.example.test/v1', projectId: 'proj' });
  });

  it('says what to do when neither is there', () => {
    expect(() => resolveConfig({ endpoint: '' }, {}, 'http://localhost/')).toThrow(/config\.json/);
  });
});
