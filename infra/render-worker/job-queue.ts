import { PriorityQueue, type Priority } from '../../shared/src/domain/priority.js';

/**
 * A bounded queue of async jobs: `concurrency` run at once, `capacity` more may wait (higher
 * priority first, aging so nothing starves); beyond that `tryRun` says no.
 */
export class JobQueue {
  private running = 0;
  private readonly waiting = new PriorityQueue<() => void>();

  constructor(
    private readonly concurrency: number,
    private readonly capacity: number,
  ) {}

  get stats(): { running: number; waiting: number; concurrency: number; capacity: number } {
    return { running: this.running, waiting: this.waiting.length, concurrency: this.concurrency, capacity: this.capacity };
  }

  /** Runs `job` when a slot frees up, or returns `null` at once when the queue is full. */
  tryRun<T>(job: () => Promise<T>, priority: Priority = 'normal'): Promise<T> | null {
    if (this.running >= this.concurrency && this.waiting.length >= this.capacity) return null;
    return this.acquire(priority).then(async () => {
      try {
        return await job();
      } finally {
        this.release();
      }
    });
  }

  private acquire(priority: Priority): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => { this.running += 1; resolve(); }, priority));
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }
}
