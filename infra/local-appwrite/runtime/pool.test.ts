import { describe, expect, it } from 'vitest';
import { Pool } from './pool.js';

describe('Pool', () => {
  it('runs at most `size` jobs at once and the rest in arrival order', async () => {
    const pool = new Pool(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, () => {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    });
    const jobs = gates.map((gate, i) =>
      pool.run(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(i);
        await gate.promise;
        running -= 1;
        return i;
      }),
    );
    await Promise.resolve();
    expect(order).toEqual([0, 1]);
    expect(pool.waiting).toBe(3);
    for (const gate of gates) {
      gate.resolve();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('frees the slot when a job throws', async () => {
    const pool = new Pool(1);
    await expect(pool.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.run(async () => 'next')).toBe('next');
    expect(pool.active).toBe(0);
  });
});

describe('Pool priority', () => {
  it('starts waiting high-priority work before a queue of normal work', async () => {
    const pool = new Pool(1);
    const order: string[] = [];
    let release = () => {};
    const blocker = pool.run(() => new Promise<void>((r) => (release = r)));
    const queued = [
      ...['n1', 'n2', 'n3'].map((id) => pool.run(async () => void order.push(id), 'normal')),
      pool.run(async () => void order.push('low'), 'low'),
      pool.run(async () => void order.push('high'), 'high'),
    ];
    expect(pool.waiting).toBe(5);
    release();
    await Promise.all([blocker, ...queued]);
    expect(order).toEqual(['high', 'n1', 'n2', 'n3', 'low']);
  });
});
