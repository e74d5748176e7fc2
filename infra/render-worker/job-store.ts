import { randomBytes } from 'node:crypto';
import type { JobCallback, WorkerJobState, WorkerRenderAnswer } from '../../shared/src/render/worker-wire.js';

type Entry = { state: 'queued' | 'running' | 'done'; tag: JobCallback['tag']; result?: WorkerRenderAnswer; expires: number };

/**
 * The asynchronous jobs a worker holds: queued or running until they end, then their result
 * for `ttlMs` (long enough for the write-back and a retry of it), then dropped. Memory only:
 * a restarted worker forgets its jobs, and the scene's lease brings the render back.
 */
export class JobStore {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  add(tag: JobCallback['tag']): string {
    this.prune();
    const id = `job_${randomBytes(12).toString('hex')}`;
    this.jobs.set(id, { state: 'queued', tag, expires: Number.POSITIVE_INFINITY });
    return id;
  }

  running(id: string): void {
    const job = this.jobs.get(id);
    if (job) job.state = 'running';
  }

  finish(id: string, result: WorkerRenderAnswer): void {
    const job = this.jobs.get(id);
    if (job) Object.assign(job, { state: 'done', result, expires: this.now() + this.ttlMs });
  }

  /** A refused job leaves no trace. */
  drop(id: string): void {
    this.jobs.delete(id);
  }

  get(id: string): WorkerJobState | null {
    this.prune();
    const job = this.jobs.get(id);
    if (!job) return null;
    return job.state === 'done' ? { state: 'done', tag: job.tag, result: job.result! } : { state: job.state, tag: job.tag };
  }

  get size(): number {
    return this.jobs.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, job] of this.jobs) if (job.expires <= now) this.jobs.delete(id);
  }
}
