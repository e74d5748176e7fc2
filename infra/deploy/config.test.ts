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
      RENDER_WORKER_TOKEN: 't',
      MANIM_VENV: '/opt/venv',
      HOME: '/root',
      AWS_SECRET_ACCESS_KEY: 'never',
      OPENAI_MODEL: '',
    });
    expect(config.endpoint).toBe('https://cloud.example.test/v1');
    expect(Object.keys(config.variables).sort()).toEqual(['GEMINI_API_KEY', 'MANIM_VENV', 'RENDER_BACKEND', 'RENDER_WORKER_TOKEN']);
  });

  it('names every missing setting at once', () => {
    expect(() => readDeployConfig({})).toThrow(/APPWRITE_ENDPOINT is required.*APPWRITE_PROJECT_ID is required.*APPWRITE_API_KEY is required/);
  });
});
