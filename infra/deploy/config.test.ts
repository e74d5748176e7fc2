import { describe, expect, it } from 'vitest';
import { readDeployConfig } from './config.js';

describe('deploy configuration', () => {
  it('takes the connection from the environment and only the variables the functions read', () => {
    const config = readDeployConfig({
      APPWRITE_ENDPOINT: 'https://cloud.example.test/v1/',
      APPWRITE_PROJECT_ID: 'p1',
      APPWRITE_API_KEY: 'k1',
      GEMINI_API_KEY: 'g',
      RENDER_BACKEND: 'worker',
      RENDER_WORKER_URL: 'https://render.example.test',
      RENDER_WORKER_TOKEN: 't',
      MANIM_VENV: '/opt/venv',
      HOME: '/root',
      AWS_SECRET_ACCESS_KEY: 'never',
      OPENAI_MODEL: '',
    });
    expect(config.endpoint).toBe('https://cloud.example.test/v1');
    expect(Object.keys(config.variables).sort()).toEqual(['GEMINI_API_KEY', 'MANIM_VENV', 'RENDER_BACKEND', 'RENDER_WORKER_TOKEN', 'RENDER_WORKER_URL']);
  });

  it('refuses a non-local endpoint without a render worker, and lets the local stack use the local backend', () => {
    const base = { APPWRITE_ENDPOINT: 'https://cloud.example.test/v1', APPWRITE_PROJECT_ID: 'p1', APPWRITE_API_KEY: 'k1' };
    expect(() => readDeployConfig(base)).toThrow(/without a render worker.*no Python, Manim or ffmpeg.*local backend/);
    expect(() => readDeployConfig({ ...base, RENDER_BACKEND: 'worker' })).toThrow(/RENDER_WORKER_URL/);
    expect(() => readDeployConfig({ ...base, RENDER_BACKEND: 'local', RENDER_WORKER_URL: 'https://r.test' })).toThrow(/local backend/);
    expect(readDeployConfig({ ...base, RENDER_WORKER_URL: 'https://r.test' }).variables.RENDER_WORKER_URL).toBe('https://r.test');
    expect(readDeployConfig({ ...base, APPWRITE_ENDPOINT: 'http://127.0.0.1:4000/v1' }).endpoint).toBe('http://127.0.0.1:4000/v1');
    expect(readDeployConfig({ ...base, APPWRITE_ENDPOINT: 'http://localhost:4000/v1' }).projectId).toBe('p1');
  });

  it('names every missing setting at once', () => {
    expect(() => readDeployConfig({})).toThrow(/APPWRITE_ENDPOINT is required.*APPWRITE_PROJECT_ID is required.*APPWRITE_API_KEY is required/);
  });
});
