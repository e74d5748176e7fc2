import { describe, expect, it } from 'vitest';
import { executionEnv, executionHeaders } from './execution-context.js';
import { FunctionDef } from './function-defs.js';

const fn = FunctionDef.parse({ $id: 'plan-video', runtime: 'node-20.0', specification: 's-2vcpu-2gb', entrypoint: 'dist/main.js' });

describe('execution context', () => {
  it("layers the stack's env, the function's variables and Appwrite's variables", () => {
    const env = executionEnv({
      fn,
      baseEnv: { PATH: '/bin', GEMINI_MODEL: 'stack', APPWRITE_FUNCTION_ID: 'forged' },
      variables: { GEMINI_MODEL: 'variable' },
      endpoint: 'http://127.0.0.1:4000/v1',
      projectId: 'local',
      appwriteVersion: '1.9.5',
      deploymentId: 'd1',
      deploymentType: 'manual',
    });
    expect(env).toMatchObject({
      PATH: '/bin',
      GEMINI_MODEL: 'variable',
      APPWRITE_FUNCTION_ID: 'plan-video',
      APPWRITE_FUNCTION_NAME: 'plan-video',
      APPWRITE_FUNCTION_API_ENDPOINT: 'http://127.0.0.1:4000/v1',
      APPWRITE_FUNCTION_PROJECT_ID: 'local',
      APPWRITE_FUNCTION_DEPLOYMENT: 'd1',
      APPWRITE_FUNCTION_RUNTIME_NAME: 'node',
      APPWRITE_FUNCTION_RUNTIME_VERSION: '20.0',
      APPWRITE_FUNCTION_CPUS: '2',
      APPWRITE_FUNCTION_MEMORY: '2048',
      APPWRITE_DEPLOYMENT_TYPE: 'manual',
      APPWRITE_VERSION: '1.9.5',
    });
    // Per-execution facts travel in headers on Appwrite's v5 runtimes, not in the environment.
    expect(env).not.toHaveProperty('APPWRITE_FUNCTION_TRIGGER');
    expect(env).not.toHaveProperty('APPWRITE_FUNCTION_EVENT');
  });

  it("keeps the caller from forging Appwrite's headers", () => {
    const headers = executionHeaders({
      endpoint: 'http://127.0.0.1:4000/v1',
      appwriteVersion: '1.9.5',
      request: { trigger: 'http', headers: { 'X-Appwrite-Key': 'stolen', 'X-Appwrite-Trigger': 'event', 'Content-Type': 'text/plain' } },
      key: 'minted',
      executionId: 'e1',
    });
    expect(headers['x-appwrite-key']).toBe('minted');
    expect(headers['x-appwrite-trigger']).toBe('http');
    expect(headers['content-type']).toBe('text/plain');
    expect(headers.host).toBe('127.0.0.1:4000');
  });
});
