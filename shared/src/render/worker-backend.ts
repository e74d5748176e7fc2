import { RenderJob, failure, type RenderBackend, type RenderResult } from './contract.js';
import { HEALTH_PATH, RENDER_PATH, WorkerErrorAnswer, WorkerRenderAnswer } from './worker-wire.js';

export type WorkerBackendConfig = {
  workerUrl: string;
  workerToken: string;
  /** Used when the job names none; the worker applies its own ceiling too. */
  timeoutMs: number;
};

/** How long past the render timeout we wait for the worker (queueing, upload, download). */
const MARGIN_MS = 60_000;
const BUSY_RETRY_MS = 2_000;

/**
 * Renders on a render worker over HTTP (how Appwrite Cloud deployments render, since its
 * Node runtimes have no cairo, pango or ffmpeg). A full queue (429) is retried until the
 * job's deadline; everything else maps onto the same RenderResult as the local backend.
 */
export function createWorkerBackend(config: WorkerBackendConfig): RenderBackend & { health(): Promise<boolean> } {
  const base = config.workerUrl.replace(/\/+$/, '');
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
      const parsed = RenderJob.safeParse(rawJob);
      if (!parsed.success) return failure('internal', `invalid render job: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      const job = { ...parsed.data, timeoutMs: parsed.data.timeoutMs ?? config.timeoutMs };
      const deadline = Date.now() + job.timeoutMs + MARGIN_MS;
      const body = JSON.stringify(job);
      for (let attempt = 1; ; attempt += 1) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) return failure('timeout', 'the render worker did not answer before the deadline');
        let res: Response;
        try {
          res = await fetch(`${base}${RENDER_PATH}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${config.workerToken}`, 'content-type': 'application/json' },
            body,
            signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(remaining)]) : AbortSignal.timeout(remaining),
          });
        } catch (err) {
          if (signal?.aborted) return failure('internal', 'the render was cancelled');
          const name = err instanceof Error ? err.name : '';
          if (name === 'TimeoutError') return failure('timeout', 'the render worker did not answer before the deadline');
          return failure('internal', `the render worker is unreachable at ${base}: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`);
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
        const text = await res.text();
        if (res.status !== 200) {
          const message = safeMessage(text);
          // Never echo our token: the worker does not send it back, and we do not log the request.
          return failure('internal', `the render worker refused the job (HTTP ${res.status}${message ? `: ${message}` : ''})`);
        }
        const answer = WorkerRenderAnswer.safeParse(safeJson(text));
        if (!answer.success) return failure('internal', 'the render worker sent an answer we cannot read');
        const a = answer.data;
        if (!a.ok) return { ok: false, errorClass: a.errorClass, message: a.message, traceback: a.traceback, log: a.log };
        const layout = { findings: a.layoutFindings, thumbnail: a.thumbnailBase64 ? Buffer.from(a.thumbnailBase64, 'base64') : null, checkSeconds: a.layoutCheckSeconds };
        return { ok: true, clip: Buffer.from(a.clipBase64, 'base64'), durationSeconds: a.durationSeconds, renderSeconds: a.renderSeconds, log: a.log, sandbox: a.sandbox, layout, ...(a.cues ? { cues: a.cues } : {}) };
      }
    },
  };
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
