import type { RenderConfig } from './config.js';
import type { RenderBackend } from './contract.js';
import { createLocalBackend } from './local-backend.js';
import { createWorkerBackend } from './worker-backend.js';

/** The backend the config names: `local` spawns sandboxed manim here, `worker` calls a render worker. */
export function createRenderBackend(config: RenderConfig): RenderBackend {
  if (config.backend === 'worker') {
    if (!config.workerUrl || !config.workerToken) throw new Error('the worker render backend needs RENDER_WORKER_URL and RENDER_WORKER_TOKEN');
    return createWorkerBackend({ workerUrl: config.workerUrl, workerToken: config.workerToken, timeoutMs: config.timeoutMs, async: config.async });
  }
  return createLocalBackend(config);
}
