import { describe, expect, it } from 'vitest';
import type { RenderProcess } from './render-process.js';
import { WarmPool } from './warm-pool.js';

// The pool's policy through its port (`prepare`): which processes it starts, and when.
function fakeProcess(): RenderProcess {
  let started = false;
  return {
    get idle() {
      return !started;
    },
    ready: Promise.resolve(true),
    start: () => (started = true),
    dispose: async () => undefined,
  } as unknown as RenderProcess;
}

describe('warm pool', () => {
  it('prepares `size` spares at rest, none beside busy slots, and a replacement when a job ends', async () => {
    const prepared: boolean[] = [];
    const pool = new WarmPool(2, async (ahead) => {
      prepared.push(ahead);
      return fakeProcess();
    });
    expect(prepared).toEqual([true, true]);
    const first = await pool.take();
    first.start([], 'one');
    const second = await pool.take();
    second.start([], 'two');
    // Both slots render: no interpreter imports Manim beside them.
    expect(prepared).toEqual([true, true]);
    expect(pool.waiting).toBe(0);
    // A third job meanwhile starts its own process, for itself (not ahead).
    const third = await pool.take();
    expect(prepared).toEqual([true, true, false]);
    await pool.release(first);
    // Still two running (second and third): nothing freed, nothing prepared.
    expect(prepared).toHaveLength(3);
    await pool.release(second);
    await pool.release(third);
    // Both slots free: the pool fills up again, ahead of demand.
    expect(prepared).toEqual([true, true, false, true, true]);
    expect(pool.waiting).toBe(2);
    await pool.close();
  });
});
