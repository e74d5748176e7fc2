import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { RenderConfig } from '../../shared/src/render/config.js';
import { createLocalBackend } from '../../shared/src/render/local-backend.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_RESULT_TTL_SECONDS } from './config.js';
import { createRenderWorker } from './server.js';
import type { AppwriteTarget } from './write-back.js';

export type InProcessWorker = {
  /** What a function needs to render here: `RENDER_BACKEND=worker` and where, with a token of this run. */
  env: { RENDER_BACKEND: 'worker'; RENDER_WORKER_URL: string; RENDER_WORKER_TOKEN: string };
  /** Jobs handed off here and not yet written back (the stack is idle only when none are). */
  pendingJobs(): number;
  close(): Promise<void>;
};

/**
 * The render worker inside a long-lived host (the local stack): on loopback, with a token made
 * for this run, `concurrency` renders at once and as many interpreters kept warm. Function
 * executions run in processes that a timeout kills and an idle minute retires, as runtime
 * containers are; they render through this instead, as deployed functions render through a
 * remote worker, so a warm interpreter never dies with an execution.
 * With `appwrite` (the stack's endpoint and a key holding `execution.write`), its jobs write
 * their results back as a deployed worker's do, so render-scene hands renders off here too.
 */
export async function startInProcessWorker(renderConfig: RenderConfig, concurrency: number, appwrite?: AppwriteTarget): Promise<InProcessWorker> {
  const token = randomBytes(24).toString('hex');
  const backend = createLocalBackend({ ...renderConfig, backend: 'local', warm: renderConfig.warm || concurrency });
  // Handed-off jobs (RENDER_ASYNC, the default) hold no execution slot, so the queue's 256 is
  // their bound; with RENDER_ASYNC=0 a waiting render holds its execution's slot in the pool.
  const server = createRenderWorker({ port: 0, host: '127.0.0.1', token, concurrency, queue: 256, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, resultTtlMs: DEFAULT_RESULT_TTL_SECONDS * 1000, appwrite }, { backend, sandbox: backend.sandbox });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    env: { RENDER_BACKEND: 'worker', RENDER_WORKER_URL: `http://127.0.0.1:${port}`, RENDER_WORKER_TOKEN: token },
    pendingJobs: () => server.pendingJobs(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}
