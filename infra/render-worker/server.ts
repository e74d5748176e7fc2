import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { RenderJob, failure, type RenderBackend, type RenderResult } from '../../shared/src/render/contract.js';
import type { SandboxLayer } from '../../shared/src/render/contract.js';
import { HEALTH_PATH, JOBS_PATH, JobCallback, RENDER_PATH, type WorkerRenderAnswer } from '../../shared/src/render/worker-wire.js';
import type { WorkerConfig } from './config.js';
import { JobQueue } from './job-queue.js';
import { JobStore } from './job-store.js';
import { appwriteTrigger, type Trigger } from './write-back.js';
import { priorityOf } from '../../shared/src/domain/priority.js';

export type WorkerDeps = {
  backend: RenderBackend;
  /** What the backend's sandbox probe found, reported by /health. */
  sandbox: { layers: SandboxLayer[]; missing: string[] };
  log?: (event: string, fields?: Record<string, unknown>) => void;
  /** How finished jobs are written back; by default an Appwrite execution (write-back.ts) when `config.appwrite` is set. */
  trigger?: Trigger;
};

const AsyncJob = RenderJob.extend({ callback: JobCallback });

/**
 * The render worker: `POST /render` renders one scene with the sandboxed local backend and
 * answers when it is done; `POST /jobs` queues the same render and answers 202 at once, then
 * writes the result back (an execution of the caller's function) and keeps it readable at
 * `GET /jobs/:id` for `resultTtlMs`; `GET /health`.
 */
/** The worker's server, and how many accepted jobs have not yet been written back. */
export type RenderWorkerServer = Server & { pendingJobs(): number };

export function createRenderWorker(config: WorkerConfig, deps: WorkerDeps): RenderWorkerServer {
  const queue = new JobQueue(config.concurrency, config.queue);
  const log = deps.log ?? (() => undefined);
  const expected = Buffer.from(`Bearer ${config.token}`);
  const jobs = new JobStore(config.resultTtlMs);
  const trigger = deps.trigger ?? (config.appwrite ? appwriteTrigger(config.appwrite, log) : null);
  // Accepted jobs whose write-back has not yet been made: rendering, queued, or being written back.
  let pending = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log('request.failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) send(res, 500, { message: 'internal error' });
      else res.destroy();
    });
  });
  return Object.assign(server, { pendingJobs: () => pending });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (req.method === 'GET' && path === HEALTH_PATH) {
      send(res, 200, { ok: deps.sandbox.missing.length === 0, sandbox: deps.sandbox.layers, missing: deps.sandbox.missing, queue: queue.stats });
      return;
    }
    const jobPath = path.startsWith(`${JOBS_PATH}/`) ? path.slice(JOBS_PATH.length + 1) : null;
    if (path !== RENDER_PATH && path !== JOBS_PATH && jobPath === null) return send(res, 404, { message: 'not found' });
    if (!authorized(req.headers.authorization)) {
      req.resume();
      return send(res, 401, { message: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' });
    }
    if (jobPath !== null) {
      if (req.method !== 'GET') return send(res, 405, { message: 'use GET' });
      const state = jobs.get(decodeURIComponent(jobPath));
      return state ? send(res, 200, state) : send(res, 404, { message: 'no such job (unknown, or its result has expired)' });
    }
    if (req.method !== 'POST') return send(res, 405, { message: 'use POST' });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > config.maxBodyBytes) {
      res.setHeader('connection', 'close');
      return send(res, 413, { message: `the job is larger than ${config.maxBodyBytes} bytes` });
    }
    const body = await readBody(req, config.maxBodyBytes);
    if (body === 'too-large') {
      res.setHeader('connection', 'close');
      return send(res, 413, { message: `the job is larger than ${config.maxBodyBytes} bytes` });
    }
    if (path === JOBS_PATH) return submit(body, res);
    let job: RenderJob;
    try {
      job = RenderJob.parse(JSON.parse(body.toString('utf8')));
    } catch {
      return send(res, 400, { message: 'the body must be a JSON render job { code, className, quality, aspectRatio, timeoutMs? }' });
    }
    // The client going away cancels its render, so a dropped request frees its slot.
    const cancel = new AbortController();
    res.on('close', () => { if (!res.writableFinished) cancel.abort(); });
    const pending = queue.tryRun(() => (cancel.signal.aborted ? Promise.resolve(null) : deps.backend.render(job, cancel.signal)), priorityOf(job.priority));
    if (!pending) {
      log('render.rejected', { reason: 'queue full', ...queue.stats });
      return send(res, 429, { message: 'the render queue is full; retry later' }, { 'retry-after': '2' });
    }
    log('render.accepted', { className: job.className, quality: job.quality, ...queue.stats });
    const result = await pending;
    if (!result || cancel.signal.aborted) return;
    logEnd(job, result);
    send(res, 200, toAnswer(result));
  }

  /** `POST /jobs`: queue the render, answer 202 now, write the result back when it ends. */
  async function submit(body: Buffer, res: ServerResponse): Promise<void> {
    let request: z.infer<typeof AsyncJob>;
    try {
      request = AsyncJob.parse(JSON.parse(body.toString('utf8')));
    } catch {
      return send(res, 400, { message: 'the body must be a JSON render job with a callback { functionId, tag }' });
    }
    if (!trigger) return send(res, 400, { message: 'this worker has no Appwrite project to write results back to (APPWRITE_ENDPOINT, APPWRITE_PROJECT_ID, RENDER_WORKER_APPWRITE_KEY)' });
    const { callback, ...job } = request;
    const jobId = jobs.add(callback.tag);
    const rendering = queue.tryRun(async () => {
      jobs.running(jobId);
      return deps.backend.render(job).catch((err: unknown) => failure('internal', `the render worker failed: ${err instanceof Error ? err.message : String(err)}`));
    }, priorityOf(job.priority));
    if (!rendering) {
      jobs.drop(jobId);
      log('render.rejected', { reason: 'queue full', ...queue.stats });
      return send(res, 429, { message: 'the render queue is full; retry later' }, { 'retry-after': '2' });
    }
    pending += 1;
    try {
      log('job.accepted', { jobId, className: job.className, quality: job.quality, ...queue.stats });
      send(res, 202, { jobId });
      const result = await rendering;
      logEnd(job, result);
      jobs.finish(jobId, toAnswer(result));
      await trigger(callback.functionId, { renderJob: { id: jobId } });
    } finally {
      pending -= 1;
    }
  }

  function logEnd(job: RenderJob, result: RenderResult): void {
    log(result.ok ? 'render.done' : 'render.failed', result.ok ? { className: job.className, seconds: result.renderSeconds } : { className: job.className, errorClass: result.errorClass });
  }

  function authorized(header: string | undefined): boolean {
    if (!header) return false;
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function toAnswer(result: RenderResult): WorkerRenderAnswer {
  return result.ok
    ? {
        ok: true, clipBase64: result.clip.toString('base64'), durationSeconds: result.durationSeconds, renderSeconds: result.renderSeconds, log: result.log, sandbox: result.sandbox,
        layoutFindings: result.layout.findings, thumbnailBase64: result.layout.thumbnail?.toString('base64') ?? null, layoutCheckSeconds: result.layout.checkSeconds,
        ...(result.cues ? { cues: result.cues } : {}),
      }
    : { ok: false, errorClass: result.errorClass, message: result.message, traceback: result.traceback, log: result.log };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
