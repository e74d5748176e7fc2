import { describe, expect, it } from 'vitest';
import { JobQueue } from './job-queue.js';

describe('JobQueue priority', () => {
  it('renders a waiting high-priority job before the normal ones queued earlier', async () => {
    const queue = new JobQueue(1, 10);
    const order: string[] = [];
    let release = () => {};
    const blocker = queue.tryRun(() => new Promise<void>((r) => (release = r)));
    const waiting = [
      ...['n1', 'n2'].map((id) => queue.tryRun(async () => void order.push(id), 'normal')),
      queue.tryRun(async () => void order.push('high'), 'high'),
    ];
    expect(queue.stats.waiting).toBe(3);
    await new Promise((r) => setImmediate(r)); // the first job has started
    release();
    await Promise.all([blocker, ...waiting]);
    expect(order).toEqual(['high', 'n1', 'n2']);
  });
});
