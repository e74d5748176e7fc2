import { describe, expect, it } from 'vitest';
import { attemptEnd, endedAttemptPatch } from './attempt-outcome.js';

describe('attempt outcome', () => {
  it('retries while the failure is worth it and the run has attempts left, else fails', () => {
    expect(attemptEnd({ attempt: 2 }, 3, true)).toBe('retry');
    expect(attemptEnd({ attempt: 3 }, 3, true)).toBe('fail');
    expect(attemptEnd({ attempt: 1 }, 3, false)).toBe('fail');
  });

  it('marks a retry for the next claim, releases the lease and cuts the error to its columns', () => {
    expect(endedAttemptPatch('retry', { errorClass: 'E'.repeat(100), message: 'm'.repeat(3000), logId: 'l1' })).toEqual({
      status: 'planned', error_class: 'E'.repeat(64), error_message: 'm'.repeat(1900), error_log_id: 'l1', lease_until: null, pipeline_retry: true,
    });
    expect(endedAttemptPatch('fail', { errorClass: 'runtime', message: 'boom' })).toEqual({ status: 'failed', error_class: 'runtime', error_message: 'boom', lease_until: null, pipeline_retry: false });
  });
});
