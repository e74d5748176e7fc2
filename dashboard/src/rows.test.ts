import { describe, expect, it } from 'vitest';
import { byNewestFirst, isNewer, type VideoRow } from './rows.js';

const at = (t: string) => ({ $updatedAt: t });

describe('isNewer', () => {
  it('takes a later write and refuses an older one', () => {
    expect(isNewer(at('2026-01-01T00:00:01.000+00:00'), at('2026-01-01T00:00:00.999+00:00'), 'keep')).toBe(true);
    expect(isNewer(at('2026-01-01T00:00:00.500+00:00'), at('2026-01-01T00:00:01.000+00:00'), 'take')).toBe(false);
    expect(isNewer(at('2026-01-01T00:00:00.500+00:00'), undefined, 'keep')).toBe(true);
  });

  it('on a tie, a Realtime message wins and a re-read does not', () => {
    const same = '2026-01-01T00:00:00.500+00:00';
    expect(isNewer(at(same), at(same), 'take')).toBe(true);
    expect(isNewer(at(same), at(same), 'keep')).toBe(false);
  });
});

describe('byNewestFirst', () => {
  it('orders videos by creation time, newest first', () => {
    const v = (id: string, created: string) => ({ $id: id, $createdAt: created, $updatedAt: created, topic: id, status: 'queued' }) as VideoRow;
    const sorted = [v('a', '2026-01-01T00:00:00.000+00:00'), v('c', '2026-01-03T00:00:00.000+00:00'), v('b', '2026-01-02T00:00:00.000+00:00')].sort(byNewestFirst);
    expect(sorted.map((x) => x.$id)).toEqual(['c', 'b', 'a']);
  });
});
