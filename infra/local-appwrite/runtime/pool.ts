import { PriorityQueue, type Priority } from '../../../shared/src/domain/priority.js';

// A bounded pool: at most `size` jobs run at once, the rest wait, higher priority first and
// in arrival order within one (aging keeps low work from starving: domain/priority.ts).
// Executions stay `waiting` while queued here, as on Appwrite when its workers are busy.
export class Pool {
  private running = 0;
  private readonly queue = new PriorityQueue<() => void>();

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`pool size must be a positive integer, got ${size}`);
  }

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(job: () => Promise<T>, priority: Priority = 'normal'): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((go) => this.queue.push(go, priority));
    this.running += 1;
    try {
      return await job();
    } finally {
      this.running -= 1;
      this.queue.shift()?.();
    }
  }
}
