import { describe, expect, it } from 'vitest';
import { median, percentile, secondsBetween } from './summary.js';

describe('summary figures', () => {
  it('measures spans between stored timestamps', () => {
    expect(secondsBetween('2026-01-01T00:00:00.000+00:00', '2026-01-01T00:01:30.500+00:00')).toBe(90.5);
    expect(secondsBetween('2026-01-01T00:00:00.000+00:00', null)).toBeNull();
    expect(secondsBetween('2026-01-01T00:01:00.000Z', '2026-01-01T00:00:00.000Z')).toBeNull();
  });

  it('takes medians and nearest-rank percentiles', () => {
    expect(median([8, 12, 10, 6])).toBe(9);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([8, 12, 10, 6], 50)).toBe(8);
  });
});
