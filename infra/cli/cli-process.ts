import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type CliTarget = { endpoint: string; projectId: string; apiKey: string };
export type CliRun = { code: number; stdout: string; stderr: string };

const bin = fileURLToPath(new URL('./bin.mjs', import.meta.url));

/** Runs the CLI as a user does (a subprocess through bin.mjs) against one stack; for tests. */
export function runCliProcess(args: string[], target: CliTarget, stateDir: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        APPWRITE_ENDPOINT: target.endpoint,
        APPWRITE_PROJECT_ID: target.projectId,
        APPWRITE_API_KEY: target.apiKey,
        EXPLAINER_STATE_DIR: stateDir,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
