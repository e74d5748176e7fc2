/**
 * The ledger: what each user did and what it cost, written by the pipeline with its key into
 * a table no user can create, update or delete rows in (the `ledger` table of appwrite.json;
 * a user may read their own entries). Limits are counted from here, never from video rows,
 * which their owners can edit or delete.
 *
 * Kinds: `creation` (a video was accepted for planning: its first entry names the owner),
 * `rerun` (a user asked for a scene again), `spend` (one LLM call, `amount` in USD, 0 for
 * free providers), `result` (the final or partial file the pipeline wrote for a video).
 */
export const ledgerKinds = ['creation', 'rerun', 'spend', 'result'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

export type LedgerEntry = {
  /** the user id, or `KEY_PRINCIPAL` for what the API key created */
  user: string;
  kind: LedgerKind;
  videoId?: string | null;
  sceneId?: string | null;
  fileId?: string | null;
  amount?: number;
};

export type LedgerRecord = Required<LedgerEntry> & { id: string; at: string; seq: number };

export type LedgerQuery = { kind: LedgerKind; user?: string; videoId?: string; sceneId?: string; since?: Date };

export type Ledger = {
  /**
   * Records an entry once per `key` (a deterministic id: a re-delivered event or a retried
   * execution records nothing new) and answers which happened.
   */
  record(key: string, entry: LedgerEntry): Promise<'recorded' | 'exists'>;
  /** Matching entries, oldest first. */
  list(query: LedgerQuery): Promise<LedgerRecord[]>;
  count(query: LedgerQuery): Promise<number>;
  /** The sum of `amount` over the matching entries. */
  sum(query: LedgerQuery): Promise<number>;
};

/**
 * Who acted when the API key created a video. `@` is never part of an Appwrite user id, so
 * this cannot be a user.
 */
export const KEY_PRINCIPAL = '@key';

export { ledgerEntryId } from '../domain/ids.js';

/** A user reads their own entries; nobody but the key writes or deletes any. */
export function ledgerPermissions(user: string): string[] {
  return user === KEY_PRINCIPAL ? [] : [`read("user:${user}")`];
}

/** Oldest first; `$sequence` orders entries made within one millisecond. */
export function byTime(a: LedgerRecord, b: LedgerRecord): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq;
}

export function matches(query: LedgerQuery, e: LedgerRecord): boolean {
  return e.kind === query.kind
    && (query.user === undefined || e.user === query.user)
    && (query.videoId === undefined || e.videoId === query.videoId)
    && (query.sceneId === undefined || e.sceneId === query.sceneId)
    && (query.since === undefined || Date.parse(e.at) >= query.since.getTime());
}

/** count and sum for any ledger that can list. */
export function withTotals(list: Ledger['list'], record: Ledger['record']): Ledger {
  return {
    record,
    list,
    count: async (q) => (await list(q)).length,
    sum: async (q) => (await list(q)).reduce((total, e) => total + e.amount, 0),
  };
}
