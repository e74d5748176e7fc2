// The render worker as a process: `RENDER_WORKER_TOKEN=… PORT=8080 tsx infra/render-worker/main.ts`.
import type { AddressInfo } from 'node:net';
import { renderConfigFromEnv } from '../../shared/src/render/config.js';
import { createLocalBackend } from '../../shared/src/render/local-backend.js';
import { workerConfigFromEnv } from './config.js';
import { createRenderWorker } from './server.js';

const log = (event: string, fields: Record<string, unknown> = {}) => console.log(JSON.stringify({ event, ...fields }));

const config = workerConfigFromEnv();
// A long-lived host: keep one prepared interpreter per render slot unless RENDER_WARM says otherwise.
const renderConfig = renderConfigFromEnv(undefined, { backend: 'local', ...(process.env.RENDER_WARM ? {} : { warm: config.concurrency }) });
const backend = createLocalBackend(renderConfig);
if (backend.sandbox.missing.length > 0) {
  log(renderConfig.allowUnsandboxed ? 'sandbox.incomplete' : 'sandbox.missing', { missing: backend.sandbox.missing });
}
const server = createRenderWorker(config, { backend, sandbox: backend.sandbox, log });
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  log('worker.listening', { port, sandbox: backend.sandbox.layers, concurrency: config.concurrency, queue: config.queue });
});
const stop = () => server.close(() => void backend.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
