import { describe, expect, it } from 'vitest';
import { KEY_PRINCIPAL, ledgerEntryId, ledgerPermissions } from './ledger.js';
import { createMemoryLedger } from './memory-ledger.js';

describe('ledger', () => {
  it('records an entry once per key, so a re-delivered event counts nothing twice', async () => {
    const ledger = createMemoryLedger();
    expect(await ledger.record('v1', { user: 'u1', kind: 'creation', videoId: 'v1' })).toBe('recorded');
    expect(await ledger.record('v1', { user: 'u1', kind: 'creation', videoId: 'v1' })).toBe('exists');
    // The same key of another kind is another entry.
    expect(await ledger.record('v1', { user: 'u1', kind: 'spend', videoId: 'v1', amount: 0.25 })).toBe('recorded');
    expect(await ledger.count({ kind: 'creation', user: 'u1' })).toBe(1);
  });

  it('counts and sums per user and kind since a time', async () => {
    let now = new Date('2026-03-01T10:00:00.000Z');
    const ledger = createMemoryLedger(() => now);
    await ledger.record('a', { user: 'u1', kind: 'spend', amount: 1.5 });
    now = new Date('2026-03-01T12:00:00.000Z');
    await ledger.record('b', { user: 'u1', kind: 'spend', amount: 0.5 });
    await ledger.record('c', { user: 'u2', kind: 'spend', amount: 7 });
    expect(await ledger.sum({ kind: 'spend', user: 'u1' })).toBe(2);
    expect(await ledger.sum({ kind: 'spend', user: 'u1', since: new Date('2026-03-01T11:00:00.000Z') })).toBe(0.5);
    expect(await ledger.count({ kind: 'spend', since: new Date('2026-03-01T11:00:00.000Z') })).toBe(2);
    expect((await ledger.list({ kind: 'spend', user: 'u1' })).map((e) => e.amount)).toEqual([1.5, 0.5]);
  });

  it('gives deterministic Appwrite ids and lets a user only read their own entries', () => {
    const id = ledgerEntryId('rerun', 'scene-1\n2026-03-01T10:00:00.000+00:00');
    expect(id).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/);
    expect(ledgerEntryId('rerun', 'scene-1\n2026-03-01T10:00:00.000+00:00')).toBe(id);
    expect(ledgerPermissions('u1')).toEqual(['read("user:u1")']);
    expect(ledgerPermissions(KEY_PRINCIPAL)).toEqual([]);
  });
});
