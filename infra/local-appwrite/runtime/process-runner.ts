import { fork, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// Runs executions in Node processes (runner.mjs) with a wall-clock kill, as Appwrite runs
// them in runtime containers: a container serves one deployment with one environment, loads
// the function's module once and calls it once per request, and is put to sleep after
// `_APP_FUNCTIONS_INACTIVE_THRESHOLD` (60 s) without work. Here a process (a worker) serves
// one (entrypoint, folder, environment) and one execution at a time; a timeout or a crash
// kills it and the next execution gets another. A few processes are started ahead of time
// (spares: Node takes ~50–150 ms to start) and become a worker on first use.

const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url));
/**
 * Executions run below the stack's own priority. Renders run in the stack's process tree
 * (its render worker), so when bookkeeping and renders want the same cores, renders win (CPU
 * weight ≈ 3:1; +10 starved executions behind unrelated load on a shared 2-core machine);
 * an execution still gets every idle cycle.
 */
const EXECUTION_NICE = 5;
/** Appwrite's default `_APP_FUNCTIONS_INACTIVE_THRESHOLD`: an idle worker lives this long. */
const INACTIVE_MS = 60_000;
/** Idle workers kept at most, over all functions (the least recently used goes first). */
const MAX_IDLE = 12;
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
  id: z.number().int(),
  statusCode: z.number().int(),
  headers: z.record(z.string(), z.unknown()),
  body: z.string(),
  logs: z.string(),
  errors: z.string(),
});

type Worker = {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: boolean;
  ready: Promise<void>;
  /** what it serves, once it has served something */
  key?: string;
  idleTimer?: NodeJS.Timeout;
};

export class ProcessLauncher {
  private readonly spares: Worker[] = [];
  /** idle workers, least recently used first */
  private readonly idle: Worker[] = [];
  private readonly running = new Set<Worker>();
  private nextId = 1;
  private closed = false;

  /**
   * `spares`: processes kept started and idle; 0 starts each one on demand. `inactiveMs`: how
   * long a worker waits for its function's next execution (Appwrite's default unless a test
   * needs it shorter).
   */
  constructor(
    private readonly spareCount: number,
    private readonly inactiveMs = INACTIVE_MS,
  ) {
    this.refill();
  }

  /** Kills every process, running executions included (a stopping stack does not wait 900 s). */
  close(): void {
    this.closed = true;
    for (const worker of [...this.spares.splice(0), ...this.idle.splice(0), ...this.running]) worker.child.kill('SIGKILL');
  }

  run(request: ProcessRequest): Promise<ProcessResult> {
    const started = performance.now();
    const key = keyOf(request);
    const worker = this.takeIdle(key) ?? this.takeSpare();
    this.refill();
    worker.key = key;
    worker.stdout.length = 0;
    worker.stderr.length = 0;
    hold(worker.child, true);
    this.running.add(worker);
    const id = this.nextId++;
    const { child } = worker;
    return new Promise((resolve) => {
      let timedOut = false;
      let settled = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, request.timeoutMs);
      const done = (result: Omit<ProcessResult, 'durationMs' | 'timedOut'>, reusable: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('close', onClose);
        this.running.delete(worker);
        if (reusable) this.park(worker);
        resolve({ ...result, timedOut, durationMs: performance.now() - started });
      };
      let reply: z.infer<typeof RunnerReply> | undefined;
      const onMessage = (message: unknown) => {
        const parsed = RunnerReply.safeParse(message);
        if (!parsed.success || parsed.data.id !== id) return;
        reply = parsed.data;
        if (timedOut) return;
        done(answer(reply, worker), !this.closed);
      };
      // The process ended without answering: timed out, crashed, exited, or the stack stopped.
      // 'exit' can arrive before the last IPC message and output have been read; 'close'
      // comes after them, unless a grandchild still holds the pipes — so wait for it, briefly.
      const onClose = () => {
        if (reply && !timedOut) return done(answer(reply, worker), false);
        const why = timedOut
          ? `Operation timed out after ${Math.round(request.timeoutMs / 1000)} seconds.`
          : this.closed
            ? 'The local stack stopped during this execution.'
            : `The function process exited without a response (${child.signalCode ?? `code ${child.exitCode}`}).`;
        const { logs, errors } = captured(worker, reply);
        done({ statusCode: 500, headers: {}, body: Buffer.alloc(0), logs, errors: join(errors, why) }, false);
      };
      const onExit = () => setTimeout(onClose, CLOSE_GRACE_MS).unref();
      child.on('message', onMessage);
      child.once('close', onClose);
      if (worker.exited) onExit();
      else child.once('exit', onExit);
      void worker.ready.then(() => {
        if (worker.exited || !child.connected) return;
        child.send({
          type: 'execute',
          id,
          entrypoint: request.entrypoint,
          env: request.env,
          cwd: request.cwd,
          request: { method: request.method, path: request.path, headers: request.headers, body: request.body.toString('base64') },
        });
      });
    });
  }

  private takeIdle(key: string): Worker | undefined {
    const at = this.idle.findLastIndex((w) => w.key === key && !w.exited);
    if (at < 0) return undefined;
    const [worker] = this.idle.splice(at, 1);
    clearTimeout(worker!.idleTimer);
    return worker;
  }

  private takeSpare(): Worker {
    while (this.spares.length > 0) {
      const spare = this.spares.shift()!;
      if (!spare.exited) return spare;
    }
    return spawn();
  }

  /** An answered worker waits for the next execution of what it serves, or goes to sleep. */
  private park(worker: Worker): void {
    // One that died while idle (work it left running crashed it) serves nothing more.
    for (const gone of this.idle.filter((w) => w.exited)) this.retire(gone);
    if (worker.exited) return;
    hold(worker.child, false);
    this.idle.push(worker);
    worker.idleTimer = setTimeout(() => this.retire(worker), this.inactiveMs).unref();
    while (this.idle.length > MAX_IDLE) this.retire(this.idle[0]!);
  }

  private retire(worker: Worker): void {
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    clearTimeout(worker.idleTimer);
    worker.child.kill('SIGKILL');
  }

  private refill(): void {
    while (!this.closed && this.spares.length < this.spareCount) this.spares.push(spawn());
  }
}

/** A worker serves one deployment's code, in one folder, with one environment. */
function keyOf(request: ProcessRequest): string {
  const env = Object.entries(request.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([request.entrypoint, request.cwd, env]);
}

function answer(reply: z.infer<typeof RunnerReply>, worker: Worker): Omit<ProcessResult, 'durationMs' | 'timedOut'> {
  return {
    statusCode: reply.statusCode,
    headers: Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
    body: Buffer.from(reply.body, 'base64'),
    ...captured(worker, reply),
  };
}

/** An execution's logs and errors: what it logged through the context, then its raw output. */
function captured(worker: Worker, reply?: z.infer<typeof RunnerReply>): { logs: string; errors: string } {
  return { logs: join(reply?.logs ?? '', worker.stdout.join('')), errors: join(reply?.errors ?? '', worker.stderr.join('')) };
}

/** A busy process keeps the stack alive until it answers; an idle one must not. */
function hold(child: ChildProcess, busy: boolean): void {
  const channel = (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
  if (busy) {
    child.ref();
    channel?.ref();
  } else {
    child.unref();
    channel?.unref();
  }
}

function spawn(): Worker {
  // execArgv: [] keeps the parent's loaders (tsx) out: functions are plain JavaScript. The
  // process starts with an empty environment; the execution's arrives with its message.
  const child = fork(RUNNER, [], { env: {}, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  try {
    if (child.pid) setPriority(child.pid, Math.min(19, EXECUTION_NICE + niceOf(process.pid)));
  } catch {
    // gone already, or not allowed here: it runs at our priority
  }
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const worker: Worker = { child, stdout: [], stderr: [], exited: false, ready };
  child.on('message', (message) => {
    if ((message as { type?: unknown }).type === 'ready') markReady();
  });
  child.stdout?.on('data', (d: Buffer) => worker.stdout.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => worker.stderr.push(d.toString()));
  child.on('exit', () => {
    worker.exited = true;
    markReady();
  });
  child.on('error', (err) => worker.stderr.push(err.message));
  hold(child, false);
  return worker;
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
