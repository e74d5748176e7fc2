import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALL_SCOPES, Keys } from './keys.js';

describe('API keys', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the project key every scope and an issued key only its own, until it expires', () => {
    vi.useFakeTimers();
    const keys = new Keys('project-key');
    expect(keys.lookup('project-key')?.scopes).toEqual([...ALL_SCOPES]);
    const issued = keys.issue(['rows.read'], 1000);
    expect(issued).not.toContain('project-key');
    expect(keys.lookup(issued)?.scopes).toEqual(['rows.read']);
    expect(keys.lookup('guess')).toBeNull();
    vi.advanceTimersByTime(1001);
    expect(keys.lookup(issued)).toBeNull();
  });

  it('revokes an issued key at once', () => {
    const keys = new Keys('project-key');
    const issued = keys.issue(['rows.write'], 60_000);
    keys.revoke(issued);
    expect(keys.lookup(issued)).toBeNull();
  });
});
