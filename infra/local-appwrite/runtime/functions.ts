import type { Change } from '../core/bus.js';
import type { Keys } from '../core/keys.js';
import { eventNames } from './event-names.js';
import { functionEnv } from './execution-context.js';
import { Executions, publicExecution, type ExecutionRequest } from './executions.js';
import { FunctionRegistry, type FunctionRecord } from './function-registry.js';
import { Pool } from './pool.js';
import { ProcessLauncher } from './process-runner.js';
import type { Json, RuntimeStore } from './runtime-store.js';
import { Schedules } from './schedules.js';

// The functions runtime, wired: the registry (which functions exist), the dispatch of what
// triggers them (committed changes → event names, cron, scheduledAt, HTTP) and the
// executions' life cycle. Each concern lives in its own file; this one only connects them.

export type { ExecutionRequest, Trigger } from './executions.js';
export { publicExecution } from './executions.js';

export type FunctionsOptions = {
  store: RuntimeStore;
  keys: Keys;
  projectId: string;
  endpoint: string;
  /** answered in executions' APPWRITE_VERSION and user agent */
  appwriteVersion: string;
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

export const SYNC_LIMIT_SECONDS = 30;

export class FunctionsRuntime {
  readonly pool: Pool;
  private readonly launcher: ProcessLauncher;
  private readonly registry: FunctionRegistry;
  private readonly schedules: Schedules;
  private readonly executions: Executions;
  private closed = false;

  constructor(o: FunctionsOptions) {
    this.pool = new Pool(o.poolSize);
    this.launcher = new ProcessLauncher(o.spareProcesses ?? o.poolSize);
    this.schedules = new Schedules({ enabled: o.schedules, log: o.log });
    this.registry = new FunctionRegistry({ ...o, onChanged: () => this.followSchedules() });
    this.executions = new Executions({
      ...o,
      pool: this.pool,
      launcher: this.launcher,
      codeOf: (fn) => this.registry.codeOf(fn),
      envOf: (fn) => functionEnv(o, fn),
    });
    this.executions.failUnfinished();
    this.followSchedules();
    for (const execution of this.executions.scheduled()) this.arm(execution);
  }

  list(): FunctionRecord[] {
    return this.registry.list();
  }

  get(id: string): FunctionRecord | undefined {
    return this.registry.get(id);
  }

  save(fn: FunctionRecord): void {
    this.registry.save(fn);
  }

  remove(id: string): boolean {
    return this.registry.remove(id);
  }

  /** A committed write: start every enabled function listening to one of its event names. */
  onChange(change: Change): void {
    if (this.closed) return;
    let names: string[] | undefined;
    for (const fn of this.registry.list()) {
      if (!fn.enabled || fn.events.length === 0) continue;
      names ??= eventNames(change, 'functions');
      if (!fn.events.some((e) => names!.includes(e))) continue;
      this.start(fn, {
        trigger: 'event',
        event: names[0],
        userId: change.userId, // the session's user; none for key writes
        body: JSON.stringify(change.payload),
        headers: { 'content-type': 'application/json' },
      });
    }
  }

  /**
   * Records an execution and runs it through the pool. The promise settles when it finished;
   * the record is returned at once in `execution` (status `waiting`).
   */
  start(fn: FunctionRecord, request: ExecutionRequest): { execution: Json; done: Promise<Json> } {
    return this.executions.start(fn, request);
  }

  /** An execution to run at `at` (Appwrite's `scheduledAt`), recorded as `scheduled`. */
  scheduleAt(fn: FunctionRecord, request: ExecutionRequest, at: Date): Json {
    const execution = this.executions.recordScheduled(fn, request, at);
    this.arm(execution);
    return publicExecution(execution);
  }

  /** Stops schedules, fails what is queued or running, and waits until every record says so. */
  async close(): Promise<void> {
    this.closed = true;
    this.schedules.close();
    this.launcher.close();
    await this.executions.close();
  }

  private arm(execution: Json & { $id: string; functionId: string; status: string }): void {
    this.schedules.at(Date.parse(String(execution.scheduledAt)), () =>
      this.executions.startScheduled(execution, this.registry.get(execution.functionId)));
  }

  private followSchedules(): void {
    this.schedules.follow(this.registry.list(), (functionId) => {
      const current = this.registry.get(functionId);
      if (current) this.start(current, { trigger: 'schedule', headers: { 'content-type': 'application/json' } });
    });
  }
}
