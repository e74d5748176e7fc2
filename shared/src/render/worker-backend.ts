import { RenderJob, failure, type CollectedJob, type HandOff, type RenderBackend, type RenderFailure, type RenderResult } from './contract.js';
import { HEALTH_PATH, JOBS_PATH, RENDER_PATH, WorkerErrorAnswer, WorkerJobAccepted, WorkerJobState, WorkerRenderAnswer } from './worker-wire.js';

export type WorkerBackendConfig = {
  workerUrl: string;
  workerToken: string;
  /** Used when the job names none; the worker applies its own ceiling too. */
  timeoutMs: number;
  /** Offer the job API (`handOff`): render-scene then submits and returns, and the worker writes back. */
  async?: boolean;
};

/** How long past the render timeout we wait for the worker (queueing, upload, download). */
const MARGIN_MS = 60_000;
const BUSY_RETRY_MS = 2_000;
/** A hand-off waits this long at most for room in a full queue, then counts as a failed render. */
const SUBMIT_WAIT_MS = 60_000;

/**
 * Renders on a render worker over HTTP (how Appwrite Cloud deployments render, since its
 * Node runtimes have no cairo, pango or ffmpeg). A full queue (429) is retried until the
 * job's deadline; everything else maps onto the same RenderResult as the local backend.
 * With `async`, `handOff` submits to `POST /jobs` instead, and `collect` reads `GET /jobs/:id`.
 */
export function createWorkerBackend(config: WorkerBackendConfig): RenderBackend & { health(): Promise<boolean> } {
  const base = config.workerUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${config.workerToken}`, 'content-type': 'application/json' };

  /** POSTs until the worker takes the job (429/503 are waited out) or `deadline` passes. */
  async function post(path: string, body: string, deadline: number, signal?: AbortSignal): Promise<{ status: number; text: string } | RenderFailure> {
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return failure('timeout', 'the render worker did not answer before the deadline');
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers,
          body,
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(remaining)]) : AbortSignal.timeout(remaining),
        });
      } catch (err) {
        if (signal?.aborted) return failure('internal', 'the render was cancelled');
        return unreachable(err);
      }
      if (res.status === 429 || res.status === 503) {
        await res.body?.cancel();
        const retryAfter = Number(res.headers.get('retry-after'));
        const wait = Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : BUSY_RETRY_MS * attempt, 15_000);
        if (Date.now() + wait >= deadline) return failure('resource', `the render worker stayed busy (HTTP ${res.status}) until the deadline`);
        await sleep(wait, signal);
        if (signal?.aborted) return failure('internal', 'the render was cancelled');
        continue;
      }
      return { status: res.status, text: await res.text() };
    }
  }

  function unreachable(err: unknown): RenderFailure {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError') return failure('timeout', 'the render worker did not answer before the deadline');
    return failure('internal', `the render worker is unreachable at ${base}: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`);
  }

  function parseJob(rawJob: RenderJob): RenderJob | RenderFailure {
    const parsed = RenderJob.safeParse(rawJob);
    if (!parsed.success) return failure('internal', `invalid render job: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return { ...parsed.data, timeoutMs: parsed.data.timeoutMs ?? config.timeoutMs };
  }

  const handOff: HandOff = {
    deadlineSeconds: Math.ceil((config.timeoutMs + MARGIN_MS + SUBMIT_WAIT_MS) / 1000),
    async submit(rawJob, callback) {
      const job = parseJob(rawJob);
      if ('ok' in job) return job;
      const answer = await post(JOBS_PATH, JSON.stringify({ ...job, callback }), Date.now() + SUBMIT_WAIT_MS);
      if ('ok' in answer) return answer;
      if (answer.status !== 202) return refused(answer);
      const accepted = WorkerJobAccepted.safeParse(safeJson(answer.text));
      return accepted.success ? { ok: true, jobId: accepted.data.jobId } : failure('internal', 'the render worker sent an answer we cannot read');
    },
    async collect(jobId): Promise<CollectedJob> {
      let res: Response;
      try {
        res = await fetch(`${base}${JOBS_PATH}/${encodeURIComponent(jobId)}`, { headers, signal: AbortSignal.timeout(MARGIN_MS) });
      } catch (err) {
        return { state: 'done', tag: {}, result: unreachable(err) };
      }
      const text = await res.text();
      if (res.status === 404) return { state: 'missing' };
      if (res.status !== 200) return { state: 'done', tag: {}, result: refused({ status: res.status, text }) };
      const state = WorkerJobState.safeParse(safeJson(text));
      if (!state.success) return { state: 'done', tag: {}, result: failure('internal', 'the render worker sent an answer we cannot read') };
      if (state.data.state !== 'done') return { state: 'pending' };
      return { state: 'done', tag: state.data.tag, result: fromAnswer(state.data.result) };
    },
  };

  return {
    async health() {
      try {
        const res = await fetch(`${base}${HEALTH_PATH}`, { signal: AbortSignal.timeout(5_000) });
        return res.ok;
      } catch {
        return false;
      }
    },
    async render(rawJob: RenderJob, signal?: AbortSignal): Promise<RenderResult> {
      const job = parseJob(rawJob);
      if ('ok' in job) return job;
      const answer = await post(RENDER_PATH, JSON.stringify(job), Date.now() + job.timeoutMs! + MARGIN_MS, signal);
      if ('ok' in answer) return answer;
      if (answer.status !== 200) return refused(answer);
      const parsed = WorkerRenderAnswer.safeParse(safeJson(answer.text));
      return parsed.success ? fromAnswer(parsed.data) : failure('internal', 'the render worker sent an answer we cannot read');
    },
    ...(config.async ? { handOff } : {}),
  };
}

function fromAnswer(a: WorkerRenderAnswer): RenderResult {
  if (!a.ok) return { ok: false, errorClass: a.errorClass, message: a.message, traceback: a.traceback, log: a.log };
  const layout = { findings: a.layoutFindings, thumbnail: a.thumbnailBase64 ? Buffer.from(a.thumbnailBase64, 'base64') : null, checkSeconds: a.layoutCheckSeconds };
  return { ok: true, clip: Buffer.from(a.clipBase64, 'base64'), durationSeconds: a.durationSeconds, renderSeconds: a.renderSeconds, log: a.log, sandbox: a.sandbox, layout, ...(a.cues ? { cues: a.cues } : {}) };
}

function refused(answer: { status: number; text: string }): RenderFailure {
  const message = safeMessage(answer.text);
  // Never echo our token: the worker does not send it back, and we do not log the request.
  return failure('internal', `the render worker refused the job (HTTP ${answer.status}${message ? `: ${message}` : ''})`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function safeMessage(text: string): string {
  const parsed = WorkerErrorAnswer.safeParse(safeJson(text));
  return parsed.success ? parsed.data.message.slice(0, 200) : '';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
