import { byTime, ledgerEntryId, matches, withTotals, type Ledger, type LedgerRecord } from './ledger.js';

/** The ledger in memory, for handler tests: same ids, same ordering, same idempotency. */
export type MemoryLedger = Ledger & { entries: LedgerRecord[] };

export function createMemoryLedger(now: () => Date = () => new Date()): MemoryLedger {
  const entries: LedgerRecord[] = [];
  let seq = 0;
  const ledger = withTotals(
    async (q) => entries.filter((e) => matches(q, e)).sort(byTime),
    async (key, entry) => {
      const id = ledgerEntryId(entry.kind, key);
      if (entries.some((e) => e.id === id)) return 'exists';
      entries.push({ id, at: now().toISOString(), seq: ++seq, user: entry.user, kind: entry.kind, videoId: entry.videoId ?? null, sceneId: entry.sceneId ?? null, fileId: entry.fileId ?? null, amount: entry.amount ?? 0 });
      return 'recorded';
    },
  );
  return Object.assign(ledger, { entries });
}
