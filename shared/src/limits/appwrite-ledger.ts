import { Query } from 'node-appwrite';
import { isAlreadyExists, type Services } from '../appwrite/services.js';
import { byTime, ledgerEntryId, ledgerPermissions, withTotals, type Ledger, type LedgerKind, type LedgerRecord } from './ledger.js';

export const LEDGER_TABLE = 'ledger';

/** The ledger in its TablesDB table, through the function's key. */
export function createAppwriteLedger(services: Services, databaseId: string): Ledger {
  const { tables } = services;
  return withTotals(
    async (q) => {
      const queries = [
        Query.equal('kind', q.kind),
        ...(q.user !== undefined ? [Query.equal('user_id', q.user)] : []),
        ...(q.videoId !== undefined ? [Query.equal('video_id', q.videoId)] : []),
        ...(q.sceneId !== undefined ? [Query.equal('scene_id', q.sceneId)] : []),
        ...(q.since ? [Query.greaterThanEqual('$createdAt', q.since.toISOString())] : []),
      ];
      const out: LedgerRecord[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await tables.listRows({ databaseId, tableId: LEDGER_TABLE, queries: [...queries, Query.limit(100), ...(cursor ? [Query.cursorAfter(cursor)] : [])] });
        for (const row of page.rows) out.push(toRecord(row as unknown as Record<string, unknown>));
        if (page.rows.length < 100) return out.sort(byTime);
        cursor = page.rows[page.rows.length - 1]?.$id;
      }
    },
    async (key, entry) => {
      try {
        await tables.createRow({
          databaseId,
          tableId: LEDGER_TABLE,
          rowId: ledgerEntryId(entry.kind, key),
          data: { user_id: entry.user, kind: entry.kind, video_id: entry.videoId ?? null, scene_id: entry.sceneId ?? null, file_id: entry.fileId ?? null, amount: entry.amount ?? 0 },
          permissions: ledgerPermissions(entry.user),
        });
        return 'recorded';
      } catch (err) {
        if (isAlreadyExists(err)) return 'exists';
        throw err;
      }
    },
  );
}

function toRecord(row: Record<string, unknown>): LedgerRecord {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: String(row.$id),
    at: String(row.$createdAt),
    seq: Number(row.$sequence ?? 0),
    user: String(row.user_id),
    kind: row.kind as LedgerKind,
    videoId: text(row.video_id),
    sceneId: text(row.scene_id),
    fileId: text(row.file_id),
    amount: typeof row.amount === 'number' ? row.amount : 0,
  };
}
