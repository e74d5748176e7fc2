import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// Runs one execution in a fresh Node process (runner.mjs) with a wall-clock kill: the
// isolation Appwrite gets from a container per execution, at the cost of a process start.

const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url));
/** Appwrite keeps at most this much of an execution's logs and errors. */
const MAX_LOG_CHARS = 1_000_000;

export type ProcessRequest = {
  entrypoint: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
};

export type ProcessResult = {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
  logs: string;
  errors: string;
  timedOut: boolean;
  durationMs: number;
};

const RunnerReply = z.object({
  type: z.literal('result'),
  statusCode: z.number().int(),
  headers: z.record(z.string(), z.unknown()),
  body: z.string(),
  logs: z.string(),
  errors: z.string(),
});

export function runInProcess(request: ProcessRequest, onStart?: () => void): Promise<ProcessResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    // execArgv: [] keeps the parent's loaders (tsx) out: functions are plain JavaScript.
    const child = fork(RUNNER, [], { cwd: request.cwd, env: request.env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    onStart?.();
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout = capped(stdout + d.toString())));
    child.stderr?.on('data', (d: Buffer) => (stderr = capped(stderr + d.toString())));
    let reply: z.infer<typeof RunnerReply> | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, request.timeoutMs);
    child.on('message', (message) => {
      const parsed = RunnerReply.safeParse(message);
      if (parsed.success) reply = parsed.data;
    });
    child.on('error', (err) => {
      stderr = capped(`${stderr}${stderr ? '\n' : ''}${err.message}`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const durationMs = performance.now() - started;
      const logs = join(reply?.logs ?? '', stdout);
      if (reply && !timedOut) {
        resolve({
          statusCode: reply.statusCode,
          headers: Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
          body: Buffer.from(reply.body, 'base64'),
          logs,
          errors: join(reply.errors, stderr),
          timedOut,
          durationMs,
        });
        return;
      }
      const why = timedOut
        ? `Operation timed out after ${Math.round(request.timeoutMs / 1000)} seconds.`
        : `The function process exited without a response (${signal ?? `code ${code}`}).`;
      resolve({ statusCode: 500, headers: {}, body: Buffer.alloc(0), logs, errors: join(join(reply?.errors ?? '', stderr), why), timedOut, durationMs });
    });
    child.send({ entrypoint: request.entrypoint, request: { method: request.method, path: request.path, headers: request.headers, body: request.body.toString('base64') } });
  });
}

function join(a: string, b: string): string {
  const left = a.trimEnd();
  const right = b.trimEnd();
  return capped(left && right ? `${left}\n${right}` : left || right);
}

function capped(text: string): string {
  return text.length > MAX_LOG_CHARS ? text.slice(text.length - MAX_LOG_CHARS) : text;
}
