import type { Column, Table } from '../schema/catalog.js';
import { checkFilter, likeEscape, parseQuery, queryInvalid, storedValue, subQueries, type FieldSpec, type QueryJson } from './filters.js';

// Appwrite queries (`queries[i]=<JSON {method, attribute, values}>`) compiled to SQLite over
// the `rows` table: system attributes are real columns, user columns live in the JSON `data`.

export type Order = { expr: string; attribute: string; desc: boolean };

export type QueryPlan = {
  where: string[];
  params: unknown[];
  orders: Order[];
  random: boolean;
  limit: number;
  offset: number;
  cursor: { direction: 'after' | 'before'; id: string } | null;
  select: string[] | null;
};

const SYSTEM: Record<string, string> = { $id: 'r.id', $sequence: 'r.seq', $createdAt: 'r.created', $updatedAt: 'r.updated' };
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 5000;

export function parseQueries(raw: unknown): QueryJson[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' ? Object.values(raw as object) : [raw];
  return list.map((item) => parseQuery(item, (why) => queryInvalid(why === 'syntax' ? `Syntax error in ${String(item)}` : JSON.stringify(item))));
}

export function compileQueries(table: Table, queries: QueryJson[]): QueryPlan {
  const plan: QueryPlan = { where: [], params: [], orders: [], random: false, limit: DEFAULT_LIMIT, offset: 0, cursor: null, select: null };
  const columns = new Map(table.columns.map((c) => [c.key, c]));
  const fulltext = new Set(table.indexes.filter((i) => i.type === 'fulltext').flatMap((i) => i.columns));
  for (const q of queries) {
    switch (q.method) {
      case 'limit': {
        const n = Number(q.values?.[0]);
        if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT) throw queryInvalid(`Invalid limit: Value must be a valid range between 0 and ${MAX_LIMIT}`);
        plan.limit = n;
        break;
      }
      case 'offset': {
        const n = Number(q.values?.[0]);
        if (!Number.isInteger(n) || n < 0) throw queryInvalid('Invalid offset: Value must be a valid range between 0 and 5,000');
        plan.offset = n;
        break;
      }
      case 'cursorAfter':
      case 'cursorBefore': {
        const id = q.values?.[0];
        if (typeof id !== 'string' || !id) throw queryInvalid('Invalid cursor: Cursor must contain at least one value');
        plan.cursor = { direction: q.method === 'cursorAfter' ? 'after' : 'before', id };
        break;
      }
      case 'select':
        plan.select = [...(plan.select ?? []), ...((q.values ?? []) as string[])];
        break;
      case 'orderAsc':
      case 'orderDesc': {
        const attribute = q.attribute ?? '';
        plan.orders.push({ expr: attributeExpr(attribute, columns), attribute, desc: q.method === 'orderDesc' });
        break;
      }
      case 'orderRandom':
        plan.random = true;
        break;
      default: {
        checkFilter(q, (attribute) => specFor(attribute, columns));
        const compiled = compileFilter(q, columns, fulltext);
        plan.where.push(compiled.sql);
        plan.params.push(...compiled.params);
      }
    }
  }
  return plan;
}

function attributeExpr(attribute: string, columns: Map<string, Column>): string {
  const system = SYSTEM[attribute];
  if (system) return system;
  if (!columns.has(attribute)) throw queryInvalid(`Attribute not found in schema: ${attribute}`);
  return `json_extract(r.data, '$."${attribute.replace(/"/g, '')}"')`;
}

const SYSTEM_SPECS: Record<string, FieldSpec> = { $id: { type: 'string', array: false }, $createdAt: { type: 'datetime', array: false }, $updatedAt: { type: 'datetime', array: false } };

/** The type a filter's values must have: the column's, or the system attribute's. */
function specFor(attribute: string, columns: Map<string, Column>): FieldSpec | undefined {
  const column = columns.get(attribute);
  if (!column) return SYSTEM_SPECS[attribute];
  return column.type === 'relationship' ? undefined : { type: column.type, array: column.array };
}

function toSqlValue(value: unknown, spec: FieldSpec | undefined): unknown {
  const stored = storedValue(value, spec);
  return typeof stored === 'boolean' ? (stored ? 1 : 0) : stored;
}

// SQL for a checked filter that agrees with `matchesFilter` (filters.ts): NULL fails every test but isNull, as
// on MariaDB, and LIKE is filters.ts' `likeMatches` (RowStore registers it as `like()`).
function compileFilter(q: QueryJson, columns: Map<string, Column>, fulltext: Set<string>): { sql: string; params: unknown[] } {
  if (q.method === 'and' || q.method === 'or') {
    const parts = subQueries(q).map((sub) => compileFilter(sub, columns, fulltext));
    return { sql: `(${parts.map((p) => p.sql).join(q.method === 'and' ? ' AND ' : ' OR ')})`, params: parts.flatMap((p) => p.params) };
  }
  const attribute = q.attribute ?? '';
  const expr = attributeExpr(attribute, columns);
  const spec = specFor(attribute, columns);
  const values = (q.values ?? []).map((v) => toSqlValue(v, spec));
  const first = values[0];
  const marks = values.map(() => '?').join(', ');
  const like = (pattern: (v: string) => string, join: ' OR ' | ' AND ', negate: boolean) => ({
    sql: `(${values.map(() => `${expr} ${negate ? 'NOT ' : ''}LIKE ? ESCAPE '\\'`).join(join)})`,
    params: values.map((v) => pattern(likeEscape(String(v)))),
  });
  if (spec?.array && (q.method === 'contains' || q.method === 'notContains')) {
    const exists = `EXISTS (SELECT 1 FROM json_each(r.data, '$."${attribute}"') je WHERE je.value IN (${marks}))`;
    return { sql: q.method === 'contains' ? exists : `(${expr} IS NOT NULL AND NOT ${exists})`, params: values };
  }
  switch (q.method) {
    case 'equal': return { sql: `${expr} IN (${marks})`, params: values };
    case 'notEqual': return { sql: `${expr} != ?`, params: [first] };
    case 'lessThan': return { sql: `${expr} < ?`, params: [first] };
    case 'lessThanEqual': return { sql: `${expr} <= ?`, params: [first] };
    case 'greaterThan': return { sql: `${expr} > ?`, params: [first] };
    case 'greaterThanEqual': return { sql: `${expr} >= ?`, params: [first] };
    case 'between': return { sql: `${expr} BETWEEN ? AND ?`, params: [values[0], values[1]] };
    case 'notBetween': return { sql: `${expr} NOT BETWEEN ? AND ?`, params: [values[0], values[1]] };
    case 'isNull': return { sql: `${expr} IS NULL`, params: [] };
    case 'isNotNull': return { sql: `${expr} IS NOT NULL`, params: [] };
    case 'startsWith': return like((v) => `${v}%`, ' OR ', false);
    case 'endsWith': return like((v) => `%${v}`, ' OR ', false);
    case 'notStartsWith': return like((v) => `${v}%`, ' AND ', true);
    case 'notEndsWith': return like((v) => `%${v}`, ' AND ', true);
    case 'contains': return like((v) => `%${v}%`, ' OR ', false);
    case 'notContains': return like((v) => `%${v}%`, ' AND ', true);
    case 'search':
    case 'notSearch': {
      // As on Appwrite, a search needs a fulltext index on the column.
      if (!fulltext.has(attribute)) throw queryInvalid(`Searching by attribute "${attribute}" requires a fulltext index.`);
      // Full-text search in MariaDB's boolean mode matches rows containing any of the words.
      const words = String(first ?? '').split(/\s+/).filter(Boolean);
      if (words.length === 0) return { sql: q.method === 'search' ? '1' : '0', params: [] };
      const parts = words.map(() => `${expr} LIKE ? ESCAPE '\\'`).join(' OR ');
      return { sql: q.method === 'search' ? `(${parts})` : `NOT (${parts})`, params: words.map((w) => `%${likeEscape(w)}%`) };
    }
    case 'regex': return { sql: `regexp(?, ${expr})`, params: [String(first)] };
    default:
      throw queryInvalid(`Query method not valid: ${q.method}`);
  }
}
