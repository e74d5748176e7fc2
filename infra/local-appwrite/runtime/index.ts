import { renderConfigFromEnv } from '../../../shared/src/render/config.js';
import { startInProcessWorker, type InProcessWorker } from '../../render-worker/in-process.js';
import type { AppwriteTarget } from '../../render-worker/write-back.js';
import type { RuntimeContext, RuntimeHandle } from '../core/runtime-seam.js';
import { registerDeploymentRoutes } from './deployment-routes.js';
import { FunctionsRuntime } from './functions.js';
import { registerFunctionRoutes } from './functions-routes.js';
import { RealtimeHub } from './realtime.js';
import { readRuntimeEnv } from './runtime-config.js';
import { RuntimeStore } from './runtime-store.js';
import { registerVariableRoutes } from './variable-routes.js';

// The runtime half of the local stack: Realtime on `/v1/realtime`, functions triggered by
// events, schedules and HTTP, and the functions management API. startLocalStack() calls this
// once the core is listening (see core/runtime-seam.ts).
export async function attachRuntime(ctx: RuntimeContext): Promise<RuntimeHandle> {
  const env = readRuntimeEnv();
  const store = new RuntimeStore(ctx.db);
  const quiet = ctx.options.quiet ?? false;
  // Realtime exists before the functions so that executions re-armed at start can be published.
  const realtime = new RealtimeHub({
    server: ctx.server, projectId: ctx.projectId, resolveAuth: ctx.resolveAuth, era: ctx.appwriteVersion === '1.8.1' ? '1.8' : '1.9',
  });
  const baseEnv = { ...env.forwarded, ...(ctx.options.env ?? {}) };
  const poolSize = ctx.options.poolSize ?? env.defaultPoolSize;
  // The in-process render worker writes results back with a key that may only create executions.
  const renders = await hostRenders(baseEnv, poolSize, { endpoint: ctx.endpoint, projectId: ctx.projectId, key: ctx.keys.issue(['execution.write'], WORKER_KEY_TTL_MS) });
  const functions = new FunctionsRuntime({
    store,
    keys: ctx.keys,
    projectId: ctx.projectId,
    endpoint: ctx.endpoint,
    appwriteVersion: ctx.appwriteVersion,
    configDir: ctx.configDir,
    dataDir: ctx.dataDir,
    configFunctions: ctx.config.functions,
    baseEnv: { ...baseEnv, ...(renders?.env ?? {}) },
    poolSize,
    schedules: ctx.options.schedules ?? true,
    log: quiet ? () => {} : (line) => console.log(line),
    onExecution: (execution, action) => realtime.publishExecution(execution, action),
  });
  const off = ctx.bus.on((change) => {
    realtime.publish(change);
    functions.onChange(change);
  });
  registerFunctionRoutes(ctx.router, functions, store);
  registerDeploymentRoutes(ctx.router, functions, store, ctx.dataDir);
  registerVariableRoutes(ctx.router, functions, store);
  return {
    pendingRenders: () => renders?.pendingJobs() ?? 0,
    async close() {
      off();
      realtime.close();
      await functions.close();
      await renders?.close();
    },
  };
}

/**
 * Renders in the stack's own long-lived process, with interpreters kept warm, unless the
 * environment names a render backend or worker (then functions use that) or RENDER_WARM=0
 * (then each render-scene execution renders cold in its own process, as before).
 */
async function hostRenders(env: Record<string, string>, poolSize: number, appwrite: AppwriteTarget): Promise<InProcessWorker | null> {
  if (env.RENDER_BACKEND || env.RENDER_WORKER_URL || env.RENDER_WARM === '0') return null;
  return startInProcessWorker(renderConfigFromEnv(env), poolSize, appwrite);
}

/** The worker's key lives as long as the stack (a year is "until stopped"). */
const WORKER_KEY_TTL_MS = 365 * 24 * 3600 * 1000;
