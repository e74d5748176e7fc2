import { describe, expect, it } from 'vitest';
import { JobStore } from './job-store.js';

describe('JobStore', () => {
  it('keeps a job until it ends, then its result for the TTL only', () => {
    let now = 0;
    const jobs = new JobStore(1000, () => now);
    const id = jobs.add({ sceneId: 's1', render: 1 });
    now = 10_000_000; // a queued or running job never expires
    expect(jobs.get(id)).toEqual({ state: 'queued', tag: { sceneId: 's1', render: 1 } });
    jobs.running(id);
    expect(jobs.get(id)?.state).toBe('running');
    jobs.finish(id, { ok: false, errorClass: 'runtime', message: 'm', traceback: '', log: '' });
    now += 999;
    expect(jobs.get(id)).toMatchObject({ state: 'done', result: { ok: false } });
    now += 1;
    expect(jobs.get(id)).toBeNull();
    expect(jobs.size).toBe(0);
  });
});
