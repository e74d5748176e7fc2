import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Keys } from '../core/keys.js';
import { executionHeaders } from './execution-context.js';
import { deploymentOf, type Code, type FunctionRecord } from './function-registry.js';
import { now, uniqueId } from './function-model.js';
import type { Pool } from './pool.js';
import type { ProcessLauncher } from './process-runner.js';
import type { Json, RuntimeStore } from './runtime-store.js';
import { priorityOf, type Priority } from '../../../shared/src/domain/priority.js';

// The life of one execution: waiting → processing → completed | failed (or scheduled →
// waiting → …), persisted at every step and told to the listener (Realtime).

export type Trigger = 'http' | 'schedule' | 'event';

export type ExecutionRequest = {
  trigger: Trigger;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** the user who caused it (x-appwrite-user-id), if any */
  userId?: string;
  /** the first event name, for `x-appwrite-event` */
  event?: string;
  /** cap on the wall clock, below the function's timeout (synchronous executions: 30 s) */
  maxSeconds?: number;
};

export type Execution = Json & { $id: string; functionId: string; status: string };

export type ExecutionsOptions = {
  store: RuntimeStore;
  keys: Keys;
  endpoint: string;
  appwriteVersion: string;
  pool: Pool;
  launcher: ProcessLauncher;
  codeOf: (fn: FunctionRecord) => Code | undefined;
  envOf: (fn: FunctionRecord) => Record<string, string>;
  log: (line: string) => void;
  /** told of every execution record written (Realtime publishes the ones users may read) */
  onExecution?: (execution: Json, action: 'create' | 'update') => void;
};

export class Executions {
  private readonly inflight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly o: ExecutionsOptions) {}

  /** What a previous run of the stack left waiting or running can never finish: say so. */
  failUnfinished(): void {
    for (const execution of this.o.store.unfinishedExecutions()) {
      this.o.store.putExecution({
        ...(execution as Execution),
        status: 'failed',
        errors: joinText(String(execution.errors ?? ''), 'The local stack stopped while this execution was waiting or running.'),
        $updatedAt: now(),
      });
    }
  }

  /** Executions recorded with a `scheduledAt` that have not run yet. */
  scheduled(): Execution[] {
    return this.o.store.scheduledExecutions() as Execution[];
  }

  /** Records an execution as `waiting` and queues it; `done` settles when it finished. */
  start(fn: FunctionRecord, request: ExecutionRequest): { execution: Json; done: Promise<Json> } {
    const execution = this.record(fn, request, 'waiting');
    return { execution, done: this.enqueue(fn, execution, request) };
  }

  /** Records an execution as `scheduled`, with its request kept so a restart re-arms it. */
  recordScheduled(fn: FunctionRecord, request: ExecutionRequest, at: Date): Execution {
    return this.record(fn, request, 'scheduled', {
      scheduledAt: at.toISOString().replace('Z', '+00:00'),
      [PENDING_REQUEST]: { ...request, body: bodyText(request.body) },
    });
  }

  /** A scheduled execution whose time came: queued with its kept request, or failed if its function is gone. */
  startScheduled(execution: Execution, fn: FunctionRecord | undefined): void {
    const { [PENDING_REQUEST]: pending, ...rest } = execution;
    const waiting: Execution = { ...rest, status: 'waiting', $updatedAt: now() };
    if (!fn) {
      this.write({ ...waiting, status: 'failed', errors: 'The function was deleted before its scheduled time.' });
      return;
    }
    this.write(waiting);
    void this.enqueue(fn, waiting, pending as ExecutionRequest);
  }

  /** Fails what is queued, and waits until every running execution's record says how it ended. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inflight]);
  }

  private record(fn: FunctionRecord, request: ExecutionRequest, status: string, extra: Json = {}): Execution {
    const created = now();
    const execution: Execution = {
      $id: uniqueId(),
      $createdAt: created,
      $updatedAt: created,
      $permissions: request.userId ? [`read("user:${request.userId}")`] : [],
      functionId: fn.$id,
      deploymentId: deploymentOf(fn),
      trigger: request.trigger,
      status,
      requestMethod: request.method ?? 'POST',
      requestPath: request.path ?? '/',
      requestHeaders: Object.entries({ host: new URL(this.o.endpoint).host, ...(request.headers ?? {}) })
        .filter(([name]) => REQUEST_HEADERS_KEPT.has(name.toLowerCase()))
        .map(([name, value]) => ({ name, value })),
      responseStatusCode: 0,
      responseBody: '',
      responseHeaders: [],
      logs: '',
      errors: '',
      duration: 0,
      ...extra,
    };
    this.write(execution, 'create');
    return execution;
  }

  /** Persists an execution record and tells the listener (Realtime). */
  private write(execution: Execution, action: 'create' | 'update' = 'update'): void {
    this.o.store.putExecution(execution);
    this.o.onExecution?.(publicExecution(execution), action);
  }

  private enqueue(fn: FunctionRecord, execution: Execution, request: ExecutionRequest): Promise<Json> {
    const done = this.o.pool.run(() => this.execute(fn, execution, request), bodyPriority(request.body));
    this.inflight.add(done);
    void done.finally(() => this.inflight.delete(done));
    return done;
  }

  private async execute(fn: FunctionRecord, execution: Execution, request: ExecutionRequest): Promise<Json> {
    if (this.closed) {
      // Queued behind the pool when the stack stopped: never started, recorded as such.
      const dropped = { ...execution, status: 'failed', errors: 'The local stack stopped before this execution started.', $updatedAt: now() };
      this.write(dropped);
      return dropped;
    }
    const code = this.o.codeOf(fn);
    const seconds = Math.min(fn.timeout, request.maxSeconds ?? fn.timeout);
    // Appwrite's dynamic key: `dynamic_…`, valid for the function's timeout plus 60 s whatever
    // the call's own cap (src/Appwrite/Platform/Workers/Functions.php). Revoked here when the
    // execution ends, which is stricter than Appwrite's JWT that lives until it expires.
    const key = this.o.keys.issue(fn.scopes, (fn.timeout + 60) * 1000);
    const processing = { ...execution, status: 'processing', $updatedAt: now() };
    this.write(processing);
    let result: Json;
    try {
      if (!code) throw new Error(`Function ${fn.$id} has no code: no path in appwrite.json and no active deployment.`);
      const entry = resolve(code.dir, code.entrypoint);
      if (!existsSync(entry)) throw new Error(`Could not load code file: ${entry} does not exist (build the function first).`);
      const headers = executionHeaders({ endpoint: this.o.endpoint, appwriteVersion: this.o.appwriteVersion, request, key, executionId: execution.$id });
      const out = await this.o.launcher.run({
        entrypoint: entry,
        cwd: code.dir,
        env: this.o.envOf(fn),
        timeoutMs: seconds * 1000,
        method: request.method ?? 'POST',
        path: request.path ?? '/',
        headers,
        body: typeof request.body === 'string' ? Buffer.from(request.body) : (request.body ?? Buffer.alloc(0)),
      });
      const failed = out.timedOut || out.statusCode >= 500;
      result = {
        ...processing,
        status: failed ? 'failed' : 'completed',
        responseStatusCode: out.statusCode,
        // Appwrite keeps the body only for synchronous executions (the caller waits for it).
        responseBody: request.maxSeconds !== undefined && request.trigger === 'http' ? out.body.toString('utf8') : '',
        responseHeaders: Object.entries(out.headers)
          .filter(([name]) => RESPONSE_HEADERS_KEPT.has(name))
          .map(([name, value]) => ({ name, value })),
        logs: fn.logging ? out.logs : '',
        errors: fn.logging || out.timedOut ? out.errors : '',
        duration: Math.round(out.durationMs) / 1000,
        $updatedAt: now(),
      };
    } catch (err) {
      result = { ...processing, status: 'failed', responseStatusCode: 500, errors: (err as Error).message, $updatedAt: now() };
    } finally {
      this.o.keys.revoke(key);
    }
    this.write(result as Execution);
    this.o.log(`execution.${String(result.status)} ${fn.$id} ${execution.$id} ${String(request.trigger)} ${String(result.duration ?? 0)}s`);
    return result;
  }
}

/** Where a scheduled execution keeps its request until it runs; never shown by the API. */
const PENDING_REQUEST = '_pendingRequest';

export function publicExecution(execution: Json): Json {
  const { [PENDING_REQUEST]: _pending, ...rest } = execution;
  return rest;
}

function bodyText(body: Buffer | string | undefined): string {
  return typeof body === 'string' ? body : (body?.toString('utf8') ?? '');
}

/** The only headers Appwrite writes into an execution record (FUNCTION_ALLOWLIST_HEADERS_*). */
const REQUEST_HEADERS_KEPT = new Set(['content-type', 'agent', 'content-length', 'host', 'x-appwrite-client-ip']);
const RESPONSE_HEADERS_KEPT = new Set(['content-type', 'content-length']);

function joinText(a: string, b: string): string {
  return a ? `${a}\n${b}` : b;
}

/**
 * The priority of the row an execution is about (`priority` on the video, copied to its
 * scenes), so queued work of a high-priority video runs first. Appwrite's own executor has
 * no such order; on Appwrite the render worker's queue is where priority counts.
 */
function bodyPriority(body: Buffer | string | undefined): Priority {
  if (!body || body.length > 1_000_000) return 'normal';
  try {
    const parsed: unknown = JSON.parse(body.toString());
    return priorityOf(parsed && typeof parsed === 'object' ? (parsed as { priority?: unknown }).priority : undefined);
  } catch {
    return 'normal';
  }
}
