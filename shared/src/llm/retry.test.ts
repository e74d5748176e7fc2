import { describe, expect, it } from 'vitest';
import { LlmError, parseRetryAfter, redact } from './errors.js';
import { backoffDelay, withRetries } from './retry.js';

describe('withRetries', () => {
  it('retries retriable errors up to maxRetries, then names the attempt count', async () => {
    let calls = 0;
    const delays: number[] = [];
    const err = await withRetries(
      async () => {
        calls++;
        throw new LlmError('rate_limited', 'slow down');
      },
      { maxRetries: 2, retryBaseMs: 10, sleep: async (ms) => void delays.push(ms), random: () => 1 },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(delays).toEqual([10, 20]);
    expect(err).toMatchObject({ kind: 'rate_limited', message: 'slow down (gave up after 3 attempts)' });
  });

  it('does not retry auth, config or bad output', async () => {
    for (const kind of ['auth', 'config', 'bad_output'] as const) {
      let calls = 0;
      await withRetries(
        async () => {
          calls++;
          throw new LlmError(kind, 'no');
        },
        { maxRetries: 5, retryBaseMs: 1, sleep: async () => {} },
      ).catch(() => {});
      expect(calls).toBe(1);
    }
  });
});

describe('backoffDelay', () => {
  it('jitters within [step/2, step] and caps the server Retry-After', () => {
    const e = new LlmError('unavailable', 'x');
    expect(backoffDelay(3, { maxRetries: 5, retryBaseMs: 100, random: () => 0 }, e)).toBe(400);
    expect(backoffDelay(3, { maxRetries: 5, retryBaseMs: 100, random: () => 1 }, e)).toBe(800);
    const withHeader = new LlmError('rate_limited', 'x', { retryAfterMs: 3_600_000 });
    expect(backoffDelay(0, { maxRetries: 5, retryBaseMs: 100, maxDelayMs: 5000 }, withHeader)).toBe(5000);
  });
});

describe('error helpers', () => {
  it('parses Retry-After in seconds and as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:10 GMT', Date.parse('Wed, 25 Nov 2026 10:00:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('redacts secrets wherever they appear', () => {
    expect(redact('key=AIzaSECRET and again AIzaSECRET', ['AIzaSECRET', undefined])).toBe('key=[redacted] and again [redacted]');
  });
});
