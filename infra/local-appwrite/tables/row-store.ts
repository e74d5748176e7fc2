import { createHash } from 'node:crypto';
import { tableKey, type Table } from '../schema/catalog.js';
import type { Db } from '../store/sqlite.js';
import { likeMatches } from './filters.js';
import type { RowData } from './validate.js';

// The rows of every table in one SQLite table (`rows`): system fields as columns, user
// columns as JSON. Only SQL lives here; names, permissions and events are the callers'.

export type StoredRow = { id: string; seq: number; data: string; perms: string; created: string; updated: string };

export class RowStore {
  private readonly stmt;
  private readonly indexed = new Map<string, string>();

  constructor(readonly db: Db) {
    db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
      if (typeof value !== 'string' || typeof pattern !== 'string') return 0;
      try { return new RegExp(pattern).test(value) ? 1 : 0; } catch { return 0; }
    });
    // SQLite's LIKE operator calls like(pattern, value[, escape]): this one is filters.ts',
    // so SQL and the in-memory lists match text the same way. NULL stays unknown.
    db.function('like', { deterministic: true, varargs: true }, (pattern: unknown, value: unknown) => {
      if (pattern === null || value === null || value === undefined) return null;
      return likeMatches(String(pattern), String(value)) ? 1 : 0;
    });
    this.stmt = {
      get: db.prepare<[string, string], StoredRow>('SELECT id, seq, data, perms, created, updated FROM rows WHERE tkey = ? AND id = ?'),
      nextSeq: db.prepare<[string], { last: number }>('INSERT INTO table_sequences (tkey, last) VALUES (?, 1) ON CONFLICT(tkey) DO UPDATE SET last = last + 1 RETURNING last'),
      insert: db.prepare('INSERT INTO rows (tkey, id, seq, data, perms, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE rows SET data = ?, perms = ?, updated = ? WHERE tkey = ? AND id = ?'),
      delete: db.prepare('DELETE FROM rows WHERE tkey = ? AND id = ?'),
    };
  }

  /** Runs `work` in one synchronous transaction. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  get(table: Table, id: string): StoredRow | undefined {
    return this.stmt.get.get(tableKey(table.databaseId, table.$id), id);
  }

  /** Inserts a row; false when its id is taken. */
  insert(table: Table, row: StoredRow): boolean {
    try {
      this.stmt.insert.run(tableKey(table.databaseId, table.$id), row.id, row.seq, row.data, row.perms, row.created, row.updated);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw err;
    }
  }

  nextSequence(table: Table): number {
    return this.stmt.nextSeq.get(tableKey(table.databaseId, table.$id))!.last;
  }

  update(table: Table, row: StoredRow): void {
    this.stmt.update.run(row.data, row.perms, row.updated, tableKey(table.databaseId, table.$id), row.id);
  }

  delete(table: Table, id: string): void {
    this.stmt.delete.run(tableKey(table.databaseId, table.$id), id);
  }

  /** True when another row holds the same values in one of the table's unique indexes. */
  clashesUnique(table: Table, id: string, data: RowData): boolean {
    for (const index of table.indexes) {
      if (index.type !== 'unique') continue;
      const conds = index.columns.map((c) => `json_extract(data, '$."${c}"') IS ?`).join(' AND ');
      const values = index.columns.map((c) => { const v = data[c]; return typeof v === 'boolean' ? (v ? 1 : 0) : v ?? null; });
      const clash = this.db.prepare(`SELECT 1 FROM rows WHERE tkey = ? AND id != ? AND ${conds} LIMIT 1`).get(tableKey(table.databaseId, table.$id), id, ...values);
      if (clash) return true;
    }
    return false;
  }

  // Each declared index becomes an SQLite expression index over the JSON columns, so
  // filters such as `equal('video_id', …)` stop scanning the whole table.
  ensureIndexes(table: Table): void {
    const key = tableKey(table.databaseId, table.$id);
    const signature = JSON.stringify(table.indexes.map((i) => i.columns));
    if (this.indexed.get(key) === signature) return;
    for (const index of table.indexes) {
      const columns = index.columns.filter((c) => /^[A-Za-z0-9_]+$/.test(c));
      if (columns.length === 0 || columns.length !== index.columns.length || index.type === 'fulltext') continue;
      const name = `rx_${createHash('sha1').update(columns.join(',')).digest('hex').slice(0, 16)}`;
      const exprs = columns.map((c) => `json_extract(data, '$."${c}"')`).join(', ');
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON rows (tkey, ${exprs})`);
    }
    this.indexed.set(key, signature);
  }
}
