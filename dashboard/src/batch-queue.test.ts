import { describe, expect, it } from 'vitest';
import { runBatchQueue } from './batch-queue.js';

/** Live rows the test moves by hand: created videos start queued; `finish` completes one and tells the listeners. */
function rows() {
  const status = new Map<string, string>();
  const listeners = new Set<() => void>();
  const created: string[] = [];
  return {
    created,
    ports: {
      create: async (topic: string) => {
        const id = `v${created.length + 1}`;
        created.push(topic);
        status.set(id, 'queued');
        return id;
      },
      statusOf: (id: string) => status.get(id),
      onChange: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    },
    async set(id: string, s: string) {
      status.set(id, s);
      for (const l of [...listeners]) l();
      await new Promise((r) => setTimeout(r, 0));
    },
    listeners,
  };
}

describe('dashboard batch queue', () => {
  it('holds topics beyond the in-flight limit back and starts them as earlier ones finish', async () => {
    const live = rows();
    const batch = runBatchQueue(['a', 'b', 'c', 'd', 'e'], 2, live.ports);
    await batch.started;
    expect(live.created).toEqual(['a', 'b']);
    await live.set('v1', 'rendering');
    expect(live.created).toEqual(['a', 'b']);
    await live.set('v1', 'completed');
    expect(live.created).toEqual(['a', 'b', 'c']);
    await live.set('v2', 'failed');
    await live.set('v3', 'cancelled');
    expect(live.created).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await batch.created).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect(live.listeners.size).toBe(0);
  });

  it('creates a batch within the limit at once', async () => {
    const live = rows();
    const batch = runBatchQueue(['a', 'b'], 3, live.ports);
    expect(await batch.created).toEqual(['v1', 'v2']);
  });
});
