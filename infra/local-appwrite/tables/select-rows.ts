import type { Auth } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import { grants, readGrantsFor } from '../core/permissions.js';
import { tableKey, type Table } from '../schema/catalog.js';
import type { Db } from '../store/sqlite.js';
import type { QueryPlan } from './queries.js';
import type { StoredRow } from './row-store.js';

// A compiled query run against the rows table: row-level read permissions become an SQL
// condition (so limit, offset and total count only what the caller may see), cursors become
// a keyset condition over the order columns plus `$sequence`, and `total` counts up to
// 5000 matches as Appwrite does.
export function selectRows(db: Db, auth: Auth, table: Table, plan: QueryPlan): { rows: StoredRow[]; total: number } {
  const key = tableKey(table.databaseId, table.$id);
  const where = ['r.tkey = ?', ...plan.where];
  const params: unknown[] = [key, ...plan.params];
  if (auth.kind !== 'key' && !grants(table.$permissions, 'read', auth.roles)) {
    if (!table.rowSecurity) throw new AppwriteError(401, 'user_unauthorized', 'The current user is not authorized to perform the requested action.');
    const roles = readGrantsFor(auth.roles);
    where.push(`EXISTS (SELECT 1 FROM json_each(r.perms) p WHERE p.value IN (${roles.map(() => '?').join(', ')}))`);
    params.push(...roles);
  }
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM rows r WHERE ${where.join(' AND ')} LIMIT 5000)`).get(...params) as { n: number }).n;

  const orders = [...plan.orders, { expr: 'r.seq', attribute: '$sequence', desc: false }];
  let reverse = false;
  if (plan.cursor) {
    const cursorRow = db.prepare(`SELECT ${orders.map((o) => o.expr).join(', ')} FROM rows r WHERE r.tkey = ? AND r.id = ?`).raw().get(key, plan.cursor.id) as unknown[] | undefined;
    if (!cursorRow) throw new AppwriteError(400, 'general_cursor_not_found', `Cursor not found. Invalid cursor: Document '${plan.cursor.id}' not found`);
    reverse = plan.cursor.direction === 'before';
    const effective = orders.map((o) => ({ ...o, desc: reverse ? !o.desc : o.desc }));
    const ors: string[] = [];
    for (let k = 0; k < effective.length; k++) {
      const parts: string[] = [];
      for (let i = 0; i < k; i++) {
        parts.push(`${effective[i]!.expr} IS ?`);
        params.push(cursorRow[i]);
      }
      const o = effective[k]!;
      const v = cursorRow[k];
      // SQLite sorts NULL as the smallest value.
      if (v === null) parts.push(o.desc ? '0' : `${o.expr} IS NOT NULL`);
      else {
        parts.push(o.desc ? `(${o.expr} < ? OR ${o.expr} IS NULL)` : `${o.expr} > ?`);
        params.push(v);
      }
      ors.push(`(${parts.join(' AND ')})`);
    }
    where.push(`(${ors.join(' OR ')})`);
  }
  const orderSql = plan.random
    ? 'RANDOM()'
    : orders.map((o) => `${o.expr} ${(reverse ? !o.desc : o.desc) ? 'DESC' : 'ASC'}`).join(', ');
  const sql = `SELECT r.id, r.seq, r.data, r.perms, r.created, r.updated FROM rows r WHERE ${where.join(' AND ')} ORDER BY ${orderSql} LIMIT ? OFFSET ?`;
  const rows = db.prepare(sql).all(...params, plan.limit, plan.offset) as StoredRow[];
  if (reverse) rows.reverse();
  return { rows, total };
}
