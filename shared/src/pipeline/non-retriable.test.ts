import { describe, expect, it } from 'vitest';
import { LlmError } from '../llm/errors.js';
import { NonRetriableError, worthAnotherAttempt } from './non-retriable.js';

describe('worthAnotherAttempt', () => {
  it('gives up on a non-retriable error, a refused key and a config error', () => {
    expect(worthAnotherAttempt(new NonRetriableError('the plan is unreadable'))).toBe(false);
    expect(worthAnotherAttempt(new LlmError('auth', 'refused'))).toBe(false);
    expect(worthAnotherAttempt(new LlmError('config', 'no key'))).toBe(false);
  });

  it('tries again after what passes with time, bad output and unknown errors', () => {
    for (const kind of ['rate_limited', 'unavailable', 'timeout', 'bad_output'] as const) expect(worthAnotherAttempt(new LlmError(kind, kind))).toBe(true);
    expect(worthAnotherAttempt(new Error('socket hang up'))).toBe(true);
    // Duck typing is gone: an object that merely looks like an auth error is not one.
    expect(worthAnotherAttempt({ kind: 'auth' })).toBe(true);
  });
});
