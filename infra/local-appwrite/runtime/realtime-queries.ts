import { z } from 'zod';

// Realtime subscription queries, as Appwrite 1.9.5's `RuntimeQuery`
// (src/Appwrite/Utopia/Database/RuntimeQuery.php) evaluates them against an event's payload
// in PHP — on purpose not what the same query means on the database (tables/filters.ts):
// - only equal, notEqual, lessThan(Equal), greaterThan(Equal), isNull, isNotNull, and, or and
//   select("*") ("listen to everything"); top-level queries are ANDed;
// - any number of values, any of which may match (`anyMatch`), for the comparisons too;
// - an attribute the payload lacks fails every test, isNull and notEqual included; null is a
//   value like any other (notEqual("x") keeps a null, isNull needs an explicit null);
// - equal/notEqual are PHP's `===`; the comparisons are PHP 8's loose `<`, `>` (`phpCompare`).
// 1.8.1 has no Realtime queries (realtime.ts ignores them as that version).

const ALLOWED = ['equal', 'notEqual', 'lessThan', 'lessThanEqual', 'greaterThan', 'greaterThanEqual', 'isNull', 'isNotNull', 'and', 'or', 'select'] as const;

type QueryNode = { method: string; attribute?: string; values?: unknown[] };
const QueryNode: z.ZodType<QueryNode> = z.object({
  method: z.string(),
  attribute: z.string().optional(),
  values: z.array(z.unknown()).optional(),
});

type Condition =
  | { op: 'and' | 'or'; conditions: Condition[] }
  | { op: string; attr: string; values: unknown[] };

export type CompiledQuery = { type: 'selectAll' } | { type: 'filter'; conditions: Condition[]; attributes: string[]; hasOr: boolean };

export class RealtimeQueryError extends Error {}

function parseNode(raw: unknown): QueryNode {
  const value = typeof raw === 'string' ? safeJson(raw) : raw;
  const parsed = QueryNode.safeParse(value);
  if (!parsed.success) throw new RealtimeQueryError(`Invalid query: ${typeof raw === 'string' ? raw : JSON.stringify(raw)}`);
  if (!(ALLOWED as readonly string[]).includes(parsed.data.method)) {
    throw new RealtimeQueryError(`Query method '${parsed.data.method}' is not supported in Realtime queries. Allowed: ${ALLOWED.join(', ')}`);
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function compileNode(node: QueryNode, attributes: string[], flags: { hasOr: boolean }): Condition {
  if (node.method === 'and' || node.method === 'or') {
    if (node.method === 'or') flags.hasOr = true;
    return { op: node.method, conditions: (node.values ?? []).map((v) => compileNode(parseNode(v), attributes, flags)) };
  }
  const attr = node.attribute ?? '';
  attributes.push(attr);
  return { op: node.method, attr, values: node.values ?? [] };
}

/** Compiles the query strings a client sent with a subscription; throws RealtimeQueryError. */
export function compileQueries(queries: readonly unknown[]): CompiledQuery {
  const nodes = queries.map(parseNode);
  if (nodes.length === 0) return { type: 'selectAll' };
  for (const node of nodes) {
    if (node.method !== 'select') continue;
    if (node.values?.length === 1 && node.values[0] === '*') return { type: 'selectAll' };
    throw new RealtimeQueryError('Only select("*") is allowed in Realtime queries. select("*") means "listen to all events".');
  }
  const attributes: string[] = [];
  const flags = { hasOr: false };
  const conditions = nodes.map((n) => compileNode(n, attributes, flags));
  return { type: 'filter', conditions, attributes: [...new Set(attributes)], hasOr: flags.hasOr };
}

export function matchesQuery(compiled: CompiledQuery, payload: Record<string, unknown>): boolean {
  if (compiled.type === 'selectAll') return true;
  if (!compiled.hasOr && compiled.attributes.some((a) => !Object.hasOwn(payload, a))) return false;
  return compiled.conditions.every((c) => evaluate(c, payload));
}

function evaluate(condition: Condition, payload: Record<string, unknown>): boolean {
  if ('conditions' in condition) {
    return condition.op === 'and' ? condition.conditions.every((c) => evaluate(c, payload)) : condition.conditions.some((c) => evaluate(c, payload));
  }
  if (!Object.hasOwn(payload, condition.attr)) return false;
  const value = payload[condition.attr];
  const targets = condition.values;
  switch (condition.op) {
    case 'equal':
      return targets.some((t) => phpIdentical(value, t));
    case 'notEqual':
      return !targets.some((t) => phpIdentical(value, t));
    case 'lessThan':
      return targets.some((t) => phpCompare(value, t) < 0);
    case 'lessThanEqual':
      return targets.some((t) => phpCompare(value, t) <= 0);
    case 'greaterThan':
      return targets.some((t) => phpCompare(value, t) > 0);
    case 'greaterThanEqual':
      return targets.some((t) => phpCompare(value, t) >= 0);
    case 'isNull':
      return value === null;
    case 'isNotNull':
      return value !== null;
    default:
      return false;
  }
}

const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/**
 * PHP 8's `<=>` on JSON values: null or a bool against anything compares as booleans (null
 * against a string as ""), a number against a numeric string as numbers, two numeric
 * strings as numbers, other strings byte-wise (a number as its string), an array is
 * greater than any scalar and arrays compare by length, then element by element.
 */
export function phpCompare(a: unknown, b: unknown): number {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null && typeof b === 'string') return strcmp('', b);
  if (b === null && typeof a === 'string') return strcmp(a, '');
  if (a === null || b === null || typeof a === 'boolean' || typeof b === 'boolean') return Number(phpBool(a)) - Number(phpBool(b));
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a)) return -1;
    if (!Array.isArray(b)) return 1;
    if (a.length !== b.length) return a.length - b.length;
    for (let i = 0; i < a.length; i++) {
      const c = phpCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'number' && typeof b === 'string') return NUMERIC.test(b) ? Math.sign(a - Number(b)) : strcmp(String(a), b);
  if (typeof a === 'string' && typeof b === 'number') return NUMERIC.test(a) ? Math.sign(Number(a) - b) : strcmp(a, String(b));
  if (typeof a === 'string' && typeof b === 'string') {
    return NUMERIC.test(a) && NUMERIC.test(b) ? Math.sign(Number(a) - Number(b)) : strcmp(a, b);
  }
  return strcmp(JSON.stringify(a), JSON.stringify(b));
}

/** PHP's `===` on JSON values: same type and value, arrays element by element. */
function phpIdentical(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => phpIdentical(x, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function phpBool(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'string') return v !== '' && v !== '0';
  return Boolean(v);
}

/** PHP's strcmp: byte order of the UTF-8 encodings. */
function strcmp(a: string, b: string): number {
  return Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
