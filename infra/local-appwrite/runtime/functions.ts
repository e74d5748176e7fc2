import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Cron } from 'croner';
import type { Change } from '../core/bus.js';
import type { Keys } from '../core/keys.js';
import { ConfigError } from '../schema/config.js';
import { eventNames, isRealtimeOnlyEvent } from './event-names.js';
import { FunctionDef } from './function-defs.js';
import { executionEnv, executionHeaders } from './execution-context.js';
import { Pool } from './pool.js';
import { ProcessLauncher } from './process-runner.js';
import { deploymentDir, now, toModel, uniqueId } from './function-model.js';
import type { Json, RuntimeStore } from './runtime-store.js';

// Functions: which ones exist (appwrite.json plus the functions API), what triggers them
// (event names, cron schedules, HTTP), and the life of each execution:
// waiting → processing → completed | failed, persisted at every step.

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

export type FunctionsOptions = {
  store: RuntimeStore;
  keys: Keys;
  projectId: string;
  endpoint: string;
  configDir: string;
  dataDir: string;
  configFunctions: unknown[];
  /** variables every process gets (forwarded stack env + options.env) */
  baseEnv: Record<string, string>;
  poolSize: number;
  /** processes kept started for the next executions (default: poolSize) */
  spareProcesses?: number;
  schedules: boolean;
  log: (line: string) => void;
  /** told of every execution record written (Realtime publishes the ones users may read) */
  onExecution?: (execution: Json, action: 'create' | 'update') => void;
};

/** Where an execution's code lives: the folder and the entry file inside it. */
type Code = { dir: string; entrypoint: string };

export const SYNC_LIMIT_SECONDS = 30;

export class FunctionsRuntime {
  readonly pool: Pool;
  private readonly launcher: ProcessLauncher;
  private readonly functions = new Map<string, Json & FunctionDef>();
  private readonly configCode = new Map<string, string>();
  private readonly crons = new Map<string, Cron>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly o: FunctionsOptions) {
    this.pool = new Pool(o.poolSize);
    this.launcher = new ProcessLauncher(o.spareProcesses ?? o.poolSize);
    for (const raw of o.configFunctions) {
      const def = parseConfigFunction(raw);
      this.configCode.set(def.$id, resolve(o.configDir, def.path ?? `functions/${def.$id}`));
      this.functions.set(def.$id, toModel(def, undefined));
    }
    // Functions created or updated through the API win over appwrite.json: they are what was pushed.
    for (const stored of o.store.listFunctions()) {
      const def = FunctionDef.parse(stored);
      this.functions.set(def.$id, { ...stored, ...def });
    }
    for (const execution of o.store.unfinishedExecutions()) {
      o.store.putExecution({
        ...(execution as Json & { $id: string; functionId: string }),
        status: 'failed',
        errors: joinText(String(execution.errors ?? ''), 'The local stack stopped while this execution was waiting or running.'),
        $updatedAt: now(),
      });
    }
    for (const fn of this.functions.values()) this.warnAboutEvents(fn);
    this.reschedule();
    for (const execution of o.store.scheduledExecutions()) this.arm(execution as Execution);
  }

  list(): (Json & FunctionDef)[] {
    return [...this.functions.values()];
  }

  get(id: string): (Json & FunctionDef) | undefined {
    return this.functions.get(id);
  }

  /** Creates or replaces a function (the API's create and update); persists it. */
  save(fn: Json & FunctionDef): void {
    const record = { ...fn, $updatedAt: now() };
    this.functions.set(fn.$id, record);
    this.o.store.putFunction(record);
    this.warnAboutEvents(record);
    this.reschedule();
  }

  remove(id: string): boolean {
    this.o.store.deleteFunction(id);
    const had = this.functions.delete(id);
    this.reschedule();
    return had;
  }

  /** A committed write: start every enabled function listening to one of its event names. */
  onChange(change: Change): void {
    if (this.closed) return;
    let names: string[] | undefined;
    for (const fn of this.functions.values()) {
      if (!fn.enabled || fn.events.length === 0) continue;
      names ??= eventNames(change, 'functions');
      if (!fn.events.some((e) => names!.includes(e))) continue;
      this.start(fn, {
        trigger: 'event',
        event: names[0],
        userId: actorOf(change),
        body: JSON.stringify(change.payload),
        headers: { 'content-type': 'application/json' },
      });
    }
  }

  /**
   * Records an execution and runs it through the pool. The promise settles when it finished;
   * the record is returned at once in `execution` (status `waiting`).
   */
  start(fn: Json & FunctionDef, request: ExecutionRequest): { execution: Json; done: Promise<Json> } {
    const execution = this.record(fn, request, 'waiting');
    return { execution, done: this.enqueue(fn, execution, request) };
  }

  /**
   * An execution to run at `at` (Appwrite's `scheduledAt`): recorded as `scheduled`, with its
   * request kept so a restart re-arms it.
   */
  scheduleAt(fn: Json & FunctionDef, request: ExecutionRequest, at: Date): Json {
    const execution = this.record(fn, request, 'scheduled', {
      scheduledAt: at.toISOString().replace('Z', '+00:00'),
      [PENDING_REQUEST]: { ...request, body: bodyText(request.body) },
    });
    this.arm(execution);
    return publicExecution(execution);
  }

  private record(fn: Json & FunctionDef, request: ExecutionRequest, status: string, extra: Json = {}): Execution {
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

  private enqueue(fn: Json & FunctionDef, execution: Execution, request: ExecutionRequest): Promise<Json> {
    const done = this.pool.run(() => this.execute(fn, execution, request));
    this.inflight.add(done);
    void done.finally(() => this.inflight.delete(done));
    return done;
  }

  private arm(execution: Execution): void {
    const at = Date.parse(String(execution.scheduledAt));
    // setTimeout holds at most ~24.8 days; a later date is re-checked when that fires.
    const delay = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      if (Date.now() < at) return this.arm(execution);
      const fn = this.functions.get(execution.functionId);
      const { [PENDING_REQUEST]: pending, ...rest } = execution;
      const waiting: Execution = { ...rest, status: 'waiting', $updatedAt: now() };
      if (!fn) {
        this.write({ ...waiting, status: 'failed', errors: 'The function was deleted before its scheduled time.' });
        return;
      }
      this.write(waiting);
      void this.enqueue(fn, waiting, pending as ExecutionRequest);
    }, delay);
    this.timers.add(timer);
  }

  private async execute(fn: Json & FunctionDef, execution: Execution, request: ExecutionRequest): Promise<Json> {
    if (this.closed) {
      // Queued behind the pool when the stack stopped: never started, recorded as such.
      const dropped = { ...execution, status: 'failed', errors: 'The local stack stopped before this execution started.', $updatedAt: now() };
      this.write(dropped);
      return dropped;
    }
    const code = this.codeOf(fn);
    const seconds = Math.min(fn.timeout, request.maxSeconds ?? fn.timeout);
    const key = this.o.keys.issue(fn.scopes, seconds * 1000 + 60_000);
    const processing = { ...execution, status: 'processing', $updatedAt: now() };
    this.write(processing);
    let result: Json;
    try {
      if (!code) throw new Error(`Function ${fn.$id} has no code: no path in appwrite.json and no active deployment.`);
      const entry = resolve(code.dir, code.entrypoint);
      if (!existsSync(entry)) throw new Error(`Could not load code file: ${entry} does not exist (build the function first).`);
      const headers = executionHeaders({ endpoint: this.o.endpoint, request, key, executionId: execution.$id });
      const out = await this.launcher.run({
        entrypoint: entry,
        cwd: code.dir,
        env: this.envFor(fn),
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

  private codeOf(fn: Json & FunctionDef): Code | undefined {
    const deploymentId = typeof fn.deploymentId === 'string' ? fn.deploymentId : '';
    if (deploymentId) {
      const deployment = this.o.store.getDeployment(fn.$id, deploymentId);
      if (deployment) return { dir: deploymentDir(this.o.dataDir, fn.$id, deploymentId), entrypoint: String(deployment.entrypoint || fn.entrypoint) };
    }
    const dir = this.configCode.get(fn.$id);
    return dir ? { dir, entrypoint: fn.entrypoint } : undefined;
  }

  private envFor(fn: Json & FunctionDef): Record<string, string> {
    const variables: Record<string, string> = {};
    for (const v of this.o.store.listVariables(fn.$id)) variables[String(v.key)] = String(v.value ?? '');
    const deploymentId = deploymentOf(fn);
    return executionEnv({
      fn,
      baseEnv: this.o.baseEnv,
      variables,
      endpoint: this.o.endpoint,
      projectId: this.o.projectId,
      deploymentId,
      deploymentType: deploymentId === 'local' ? '' : 'manual',
    });
  }



  private reschedule(): void {
    for (const cron of this.crons.values()) cron.stop();
    this.crons.clear();
    if (!this.o.schedules || this.closed) return;
    for (const fn of this.functions.values()) {
      if (!fn.enabled || !fn.schedule.trim()) continue;
      try {
        const cron = new Cron(fn.schedule, { timezone: 'UTC', protect: false }, () => {
          const current = this.functions.get(fn.$id);
          if (current) this.start(current, { trigger: 'schedule', headers: { 'content-type': 'application/json' } });
        });
        this.crons.set(fn.$id, cron);
      } catch (err) {
        this.o.log(`function.schedule_invalid ${fn.$id} "${fn.schedule}": ${(err as Error).message}`);
      }
    }
  }

  private warnAboutEvents(fn: FunctionDef): void {
    for (const event of fn.events) {
      if (isRealtimeOnlyEvent(event)) {
        const fix = event.replace(/^tablesdb\./, 'databases.');
        console.warn(`function.event_never_fires ${fn.$id}: Appwrite fires "${event}" for Realtime only, never for functions; listen to "${fix}" instead`);
      }
    }
  }

  /** Stops schedules, fails what is queued or running, and waits until every record says so. */
  async close(): Promise<void> {
    this.closed = true;
    this.reschedule();
    for (const timer of this.timers) clearTimeout(timer);
    this.launcher.close();
    await Promise.allSettled([...this.inflight]);
  }
}

/** A function entry of appwrite.json, or an error that names the function and the field. */
function parseConfigFunction(raw: unknown): FunctionDef {
  const parsed = FunctionDef.safeParse(raw);
  if (parsed.success) return parsed.data;
  const id = raw && typeof raw === 'object' && '$id' in raw ? String((raw as { $id: unknown }).$id) : '?';
  const issue = parsed.error.issues[0];
  throw new ConfigError(`appwrite.json function "${id}": ${issue?.path.join('.') || '(entry)'}: ${issue?.message ?? 'invalid'}`);
}

type Execution = Json & { $id: string; functionId: string; status: string };

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

/**
 * The user whose request made the change, for `x-appwrite-user-id`. The bus's Change has no
 * such field yet; when the core adds `userId`, event executions carry it without a change here.
 */
function actorOf(change: Change): string | undefined {
  const userId = (change as Change & { userId?: unknown }).userId;
  return typeof userId === 'string' && userId ? userId : undefined;
}

function deploymentOf(fn: Json): string {
  return typeof fn.deploymentId === 'string' && fn.deploymentId ? fn.deploymentId : 'local';
}

function joinText(a: string, b: string): string {
  return a ? `${a}\n${b}` : b;
}
