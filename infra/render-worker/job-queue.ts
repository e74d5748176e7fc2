/** A bounded FIFO of async jobs: `concurrency` run at once, `capacity` more may wait; beyond that `tryRun` says no. */
export class JobQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly capacity: number,
  ) {}

  get stats(): { running: number; waiting: number; concurrency: number; capacity: number } {
    return { running: this.running, waiting: this.waiting.length, concurrency: this.concurrency, capacity: this.capacity };
  }

  /** Runs `job` when a slot frees up, or returns `null` at once when the queue is full. */
  tryRun<T>(job: () => Promise<T>): Promise<T> | null {
    if (this.running >= this.concurrency && this.waiting.length >= this.capacity) return null;
    return this.acquire().then(async () => {
      try {
        return await job();
      } finally {
        this.release();
      }
    });
  }

  private acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => { this.running += 1; resolve(); }));
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }
}
