import { fork, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// Runs one execution in a fresh Node process (runner.mjs) with a wall-clock kill: the
// isolation Appwrite gets from a container per execution. Starting Node costs ~50–150 ms, so
// a few processes are started ahead of time and wait idle (spares); each one still serves
// exactly one execution and exits.

const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url));
/**
 * Executions run below the stack's own priority. Renders run in the stack's process tree
 * (its render worker), so when bookkeeping and renders want the same cores, renders win (CPU
 * weight ≈ 3:1; +10 starved executions behind unrelated load on a shared 2-core machine);
 * an execution still gets every idle cycle.
 */
const EXECUTION_NICE = 5;
/** How long after a process exits its last output may still be in flight. */
const CLOSE_GRACE_MS = 250;
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

type Spare = { child: ChildProcess; stdout: string[]; stderr: string[]; exited: boolean; ready: Promise<void> };

export class ProcessLauncher {
  private readonly spares: Spare[] = [];
  private readonly running = new Set<ChildProcess>();
  private closed = false;

  /** `spares`: processes kept started and idle; 0 starts each one on demand. */
  constructor(private readonly spareCount: number) {
    this.refill();
  }

  /** Kills the spares and every execution still running (a stopping stack does not wait 900 s). */
  close(): void {
    this.closed = true;
    for (const spare of this.spares.splice(0)) spare.child.kill('SIGKILL');
    for (const child of this.running) child.kill('SIGKILL');
  }

  run(request: ProcessRequest): Promise<ProcessResult> {
    const started = performance.now();
    const spare = this.take();
    this.refill();
    const { child } = spare;
    this.running.add(child);
    return new Promise((resolve) => {
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
      const finish = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        this.running.delete(child);
        const durationMs = performance.now() - started;
        const stdout = spare.stdout.join('');
        const stderr = spare.stderr.join('');
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
          : this.closed
            ? 'The local stack stopped during this execution.'
            : `The function process exited without a response (${signal ?? `code ${code}`}).`;
        resolve({ statusCode: 500, headers: {}, body: Buffer.alloc(0), logs, errors: join(join(reply?.errors ?? '', stderr), why), timedOut, durationMs });
      };
      // 'exit' can arrive before the last IPC message and output have been read; 'close' comes
      // after them, unless a grandchild still holds the pipes — so wait for it, briefly.
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        finish(child.exitCode, child.signalCode);
      };
      child.once('close', settle);
      const onExit = () => setTimeout(settle, CLOSE_GRACE_MS).unref();
      if (spare.exited) onExit();
      else child.once('exit', onExit);
      void spare.ready.then(() => {
        if (spare.exited || !child.connected) return;
        child.send({
          entrypoint: request.entrypoint,
          env: request.env,
          cwd: request.cwd,
          request: { method: request.method, path: request.path, headers: request.headers, body: request.body.toString('base64') },
        });
      });
    });
  }

  private take(): Spare {
    while (this.spares.length > 0) {
      const spare = this.spares.shift()!;
      if (spare.exited) continue;
      // A spare in use keeps the stack alive until it answers.
      spare.child.ref();
      (spare.child as unknown as { channel?: { ref(): void } }).channel?.ref();
      return spare;
    }
    return spawn();
  }

  private refill(): void {
    while (!this.closed && this.spares.length < this.spareCount) this.spares.push(spawn());
  }
}

function spawn(): Spare {
  // execArgv: [] keeps the parent's loaders (tsx) out: functions are plain JavaScript. The
  // spare starts with an empty environment; the execution's arrives with its message.
  const child = fork(RUNNER, [], { env: {}, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  try {
    if (child.pid) setPriority(child.pid, Math.min(19, EXECUTION_NICE + niceOf(process.pid)));
  } catch {
    // gone already, or not allowed here: it runs at our priority
  }
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const spare: Spare = { child, stdout: [], stderr: [], exited: false, ready };
  child.on('message', (message) => {
    if ((message as { type?: unknown }).type === 'ready') markReady();
  });
  child.stdout?.on('data', (d: Buffer) => spare.stdout.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => spare.stderr.push(d.toString()));
  child.on('exit', () => {
    spare.exited = true;
    markReady();
  });
  child.on('error', (err) => spare.stderr.push(err.message));
  // An idle spare must not keep the stack's process alive.
  child.unref();
  (child as unknown as { channel?: { unref(): void } }).channel?.unref();
  return spare;
}

function niceOf(pid: number): number {
  try {
    return getPriority(pid);
  } catch {
    return 0;
  }
}

function join(a: string, b: string): string {
  const left = a.trimEnd();
  const right = b.trimEnd();
  return capped(left && right ? `${left}\n${right}` : left || right);
}

/** Keeps the end of an over-long log behind Appwrite's warning line. */
function capped(text: string): string {
  if (text.length <= MAX_LOG_CHARS) return text;
  const warning = `[WARNING] Logs truncated. The output exceeded ${MAX_LOG_CHARS} characters.\n`;
  return warning + text.slice(text.length - (MAX_LOG_CHARS - warning.length));
}
