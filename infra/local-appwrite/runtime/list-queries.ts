import { AppwriteError } from '../core/errors.js';
import type { QueryJson as Query } from '../tables/queries.js';

// List queries for the runtime's collections (executions, functions, deployments,
// variables), parsed by the tables' `parseQueries` and applied in memory — these lists are
// small, unlike rows.

type Doc = Record<string, unknown>;

/** Applies filters, order, cursor, offset and limit; `total` counts the filtered set. */
export function applyQueries(docs: Doc[], queries: Query[], search?: string): { total: number; documents: Doc[] } {
  let out = docs;
  if (search) {
    const needle = search.toLowerCase();
    out = out.filter((d) => Object.values(d).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle)));
  }
  let limit = 25;
  let offset = 0;
  let cursor: { id: string; after: boolean } | undefined;
  const orders: { attr: string; desc: boolean }[] = [];
  for (const q of queries) {
    const values = q.values ?? [];
    const attr = q.attribute ?? '';
    switch (q.method) {
      case 'limit':
        limit = Number(values[0] ?? 25);
        break;
      case 'offset':
        offset = Number(values[0] ?? 0);
        break;
      case 'orderAsc':
      case 'orderDesc':
        orders.push({ attr: attr || '$sequence', desc: q.method === 'orderDesc' });
        break;
      case 'cursorAfter':
      case 'cursorBefore':
        cursor = { id: String(values[0] ?? ''), after: q.method === 'cursorAfter' };
        break;
      case 'select':
        break;
      default:
        out = out.filter((d) => matches(d, q));
    }
  }
  if (orders.length > 0) {
    out = [...out].sort((a, b) => {
      for (const { attr, desc } of orders) {
        const c = compare(a[attr], b[attr]);
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    });
  }
  const total = out.length;
  if (cursor) {
    const index = out.findIndex((d) => d.$id === cursor!.id);
    if (index < 0) throw new AppwriteError(400, 'general_cursor_not_found', `Cursor not found: ${cursor.id}`);
    out = cursor.after ? out.slice(index + 1) : out.slice(0, index);
  }
  return { total, documents: out.slice(offset, offset + limit) };
}

function matches(doc: Doc, q: Query): boolean {
  const value = doc[q.attribute ?? ''];
  const values = q.values ?? [];
  switch (q.method) {
    case 'equal':
      return values.some((v) => v === value);
    case 'notEqual':
      return !values.some((v) => v === value);
    case 'lessThan':
      return compare(value, values[0]) < 0;
    case 'lessThanEqual':
      return compare(value, values[0]) <= 0;
    case 'greaterThan':
      return compare(value, values[0]) > 0;
    case 'greaterThanEqual':
      return compare(value, values[0]) >= 0;
    case 'isNull':
      return value === null || value === undefined;
    case 'isNotNull':
      return value !== null && value !== undefined;
    case 'startsWith':
      return typeof value === 'string' && value.startsWith(String(values[0] ?? ''));
    case 'contains':
      return Array.isArray(value) ? values.some((v) => value.includes(v)) : typeof value === 'string' && values.some((v) => value.includes(String(v)));
    case 'between':
      return compare(value, values[0]) >= 0 && compare(value, values[1]) <= 0;
    default:
      throw new AppwriteError(400, 'general_query_invalid', `Query method not supported here: ${q.method}`);
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a ?? '');
  const y = String(b ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}
