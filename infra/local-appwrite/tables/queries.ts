import { AppwriteError } from '../core/errors.js';
import type { Column, Table } from '../schema/catalog.js';
import { formatDate } from '../store/ids.js';

// Appwrite queries (`queries[i]=<JSON {method, attribute, values}>`) compiled to SQLite over
// the `rows` table: system attributes are real columns, user columns live in the JSON `data`.

export type QueryJson = { method: string; attribute?: string; values?: unknown[] };

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

export function queryInvalid(message: string): AppwriteError {
  return new AppwriteError(400, 'general_query_invalid', `Invalid query: ${message}`);
}

export function parseQueries(raw: unknown): QueryJson[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' ? Object.values(raw as object) : [raw];
  return list.map((item) => {
    let parsed: unknown = item;
    if (typeof item === 'string') {
      try {
        parsed = JSON.parse(item);
      } catch {
        throw queryInvalid(`Syntax error in ${item}`);
      }
    }
    if (!parsed || typeof parsed !== 'object' || typeof (parsed as QueryJson).method !== 'string') throw queryInvalid(`${JSON.stringify(item)}`);
    return parsed as QueryJson;
  });
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

function toSqlValue(value: unknown, column: Column | undefined, attribute: string): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  const isDate = column?.type === 'datetime' || attribute === '$createdAt' || attribute === '$updatedAt';
  if (isDate && typeof value === 'string') {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) throw queryInvalid(`Invalid date value for ${attribute}`);
    return formatDate(d);
  }
  if (value !== null && typeof value === 'object') throw queryInvalid(`Invalid value for ${attribute}`);
  return value;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function compileFilter(q: QueryJson, columns: Map<string, Column>, fulltext: Set<string>): { sql: string; params: unknown[] } {
  if (q.method === 'and' || q.method === 'or') {
    const parts = (q.values ?? []).map((v) => compileFilter(typeof v === 'string' ? (JSON.parse(v) as QueryJson) : (v as QueryJson), columns, fulltext));
    if (parts.length === 0) throw queryInvalid(`${q.method} queries require at least one query`);
    return { sql: `(${parts.map((p) => p.sql).join(q.method === 'and' ? ' AND ' : ' OR ')})`, params: parts.flatMap((p) => p.params) };
  }
  const attribute = q.attribute ?? '';
  const expr = attributeExpr(attribute, columns);
  const column = columns.get(attribute);
  const values = (q.values ?? []).map((v) => toSqlValue(v, column, attribute));
  const first = values[0];
  const marks = values.map(() => '?').join(', ');
  const needValues = () => {
    if (values.length === 0) throw queryInvalid(`${q.method} queries require at least one value.`);
  };
  if (column?.array && ['contains', 'notContains', 'equal', 'notEqual'].includes(q.method)) {
    needValues();
    const exists = `EXISTS (SELECT 1 FROM json_each(r.data, '$."${attribute}"') je WHERE je.value IN (${marks}))`;
    const negate = q.method === 'notContains' || q.method === 'notEqual';
    return { sql: negate ? `NOT ${exists}` : exists, params: values };
  }
  switch (q.method) {
    case 'equal':
      needValues();
      return { sql: `${expr} IN (${marks})`, params: values };
    case 'notEqual':
      needValues();
      return { sql: `(${expr} IS NULL OR ${expr} NOT IN (${marks}))`, params: values };
    case 'lessThan': return { sql: `${expr} < ?`, params: [first] };
    case 'lessThanEqual': return { sql: `${expr} <= ?`, params: [first] };
    case 'greaterThan': return { sql: `${expr} > ?`, params: [first] };
    case 'greaterThanEqual': return { sql: `${expr} >= ?`, params: [first] };
    case 'between': return { sql: `${expr} BETWEEN ? AND ?`, params: [values[0], values[1]] };
    case 'notBetween': return { sql: `${expr} NOT BETWEEN ? AND ?`, params: [values[0], values[1]] };
    case 'isNull': return { sql: `${expr} IS NULL`, params: [] };
    case 'isNotNull': return { sql: `${expr} IS NOT NULL`, params: [] };
    case 'startsWith': return { sql: `${expr} LIKE ? ESCAPE '\\'`, params: [`${likeEscape(String(first))}%`] };
    case 'endsWith': return { sql: `${expr} LIKE ? ESCAPE '\\'`, params: [`%${likeEscape(String(first))}`] };
    case 'notStartsWith': return { sql: `${expr} NOT LIKE ? ESCAPE '\\'`, params: [`${likeEscape(String(first))}%`] };
    case 'notEndsWith': return { sql: `${expr} NOT LIKE ? ESCAPE '\\'`, params: [`%${likeEscape(String(first))}`] };
    case 'contains':
    case 'notContains': {
      needValues();
      const parts = values.map(() => `${expr} LIKE ? ESCAPE '\\'`).join(' OR ');
      const sql = q.method === 'contains' ? `(${parts})` : `NOT (${parts})`;
      return { sql, params: values.map((v) => `%${likeEscape(String(v))}%`) };
    }
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
