// The worker's asynchronous job API: 202 at once, the result at GET /jobs/:id, and the
// write-back as an Appwrite execution (node-appwrite against a server that records it).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRenderedClip, aRenderFailure } from '../../shared/src/pipeline/testing/fixtures.js';
import type { RenderJob, RenderResult } from '../../shared/src/render/contract.js';
import { createWorkerBackend } from '../../shared/src/render/worker-backend.js';
import { createRenderWorker } from './server.js';

const token = 'jobs-test-token-long-enough';
const job: RenderJob = { code: 'from manim import *', className: 'Tiny', quality: 'preview', aspectRatio: '16:9' };
const executions: { functionId: string; key: string | undefined; project: string | undefined; body: Record<string, unknown> }[] = [];
let release: (r: RenderResult) => void = () => {};
let appwrite: Server;
let worker: Server;
let url = '';

const listen = async (s: Server) => { await new Promise<void>((r) => s.listen(0, '127.0.0.1', r)); return `http://127.0.0.1:${(s.address() as AddressInfo).port}`; };

beforeAll(async () => {
  appwrite = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const m = /^\/v1\/functions\/([^/]+)\/executions$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) { res.writeHead(404).end('{}'); return; }
      executions.push({ functionId: m[1]!, key: req.headers['x-appwrite-key'] as string, project: req.headers['x-appwrite-project'] as string, body: JSON.parse(text) });
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ $id: 'exec1', status: 'waiting' }));
    });
  });
  const endpoint = `${await listen(appwrite)}/v1`;
  worker = createRenderWorker(
    { port: 0, host: '127.0.0.1', token, concurrency: 1, queue: 0, maxBodyBytes: 1 << 20, resultTtlMs: 60_000, appwrite: { endpoint, projectId: 'p1', key: 'exec-key' } },
    { backend: { render: () => new Promise<RenderResult>((resolve) => { release = resolve; }) }, sandbox: { layers: [], missing: [] } },
  );
  url = await listen(worker);
});
afterAll(() => { worker.closeAllConnections(); worker.close(); appwrite.close(); });

const until = async (ok: () => boolean) => { for (let i = 0; i < 200 && !ok(); i += 1) await new Promise((r) => setTimeout(r, 10)); };

describe('render worker job API', () => {
  it('answers 202 before the render ends, writes the result back as an async execution, and serves it', async () => {
    const backend = createWorkerBackend({ workerUrl: url, workerToken: token, timeoutMs: 10_000, async: true });
    const handed = await backend.handOff!.submit(job, { functionId: 'render-scene', tag: { sceneId: 's1', render: 2 } });
    expect(handed).toMatchObject({ ok: true });
    const jobId = (handed as { jobId: string }).jobId;
    expect(await backend.handOff!.collect(jobId)).toEqual({ state: 'pending' });
    // One slot, no queue: a second job is refused (429) while the first runs; the backend waits it out, so ask raw.
    const busy = await fetch(`${url}/jobs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ ...job, callback: { functionId: 'render-scene', tag: {} } }) });
    expect(busy.status).toBe(429);
    expect(executions).toEqual([]);

    release(aRenderedClip({ durationSeconds: 2 }));
    await until(() => executions.length > 0);
    expect(executions).toEqual([{ functionId: 'render-scene', key: 'exec-key', project: 'p1', body: expect.objectContaining({ async: true, body: JSON.stringify({ renderJob: { id: jobId } }) }) }]);
    const collected = await backend.handOff!.collect(jobId);
    expect(collected).toMatchObject({ state: 'done', tag: { sceneId: 's1', render: 2 }, result: { ok: true, durationSeconds: 2 } });
    expect(await backend.handOff!.collect('job_unknown')).toEqual({ state: 'missing' });
  });

  it('writes a failed render back too, and refuses a job without the token or without a callback', async () => {
    const backend = createWorkerBackend({ workerUrl: url, workerToken: token, timeoutMs: 10_000, async: true });
    executions.length = 0;
    const handed = (await backend.handOff!.submit(job, { functionId: 'render-scene', tag: { sceneId: 's2', render: 1 } })) as { jobId: string };
    release(aRenderFailure());
    await until(() => executions.length > 0);
    expect(await backend.handOff!.collect(handed.jobId)).toMatchObject({ state: 'done', result: { ok: false, errorClass: 'runtime' } });

    const noToken = await fetch(`${url}/jobs/${handed.jobId}`);
    expect(noToken.status).toBe(401);
    const noCallback = await fetch(`${url}/jobs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(job) });
    expect(noCallback.status).toBe(400);
    const wrong = createWorkerBackend({ workerUrl: url, workerToken: 'x'.repeat(30), timeoutMs: 10_000, async: true });
    expect(await wrong.handOff!.submit(job, { functionId: 'render-scene', tag: {} })).toMatchObject({ ok: false, message: expect.stringContaining('HTTP 401') });
  });
});
