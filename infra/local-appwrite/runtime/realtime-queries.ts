import { z } from 'zod';

// Realtime subscription queries, as Appwrite's `RuntimeQuery` evaluates them: only equal,
// notEqual, lessThan(Equal), greaterThan(Equal), isNull, isNotNull, and, or, and select("*")
// ("listen to everything"); top-level queries are ANDed; comparisons are strict.

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
  if (!compiled.hasOr && compiled.attributes.some((a) => !(a in payload))) return false;
  return compiled.conditions.every((c) => evaluate(c, payload));
}

function evaluate(condition: Condition, payload: Record<string, unknown>): boolean {
  if ('conditions' in condition) {
    return condition.op === 'and' ? condition.conditions.every((c) => evaluate(c, payload)) : condition.conditions.some((c) => evaluate(c, payload));
  }
  if (!(condition.attr in payload)) return false;
  const value = payload[condition.attr];
  const targets = condition.values;
  switch (condition.op) {
    case 'equal':
      return targets.some((t) => t === value);
    case 'notEqual':
      return !targets.some((t) => t === value);
    case 'lessThan':
      return targets.some((t) => compare(value, t) < 0);
    case 'lessThanEqual':
      return targets.some((t) => compare(value, t) <= 0);
    case 'greaterThan':
      return targets.some((t) => compare(value, t) > 0);
    case 'greaterThanEqual':
      return targets.some((t) => compare(value, t) >= 0);
    case 'isNull':
      return value === null;
    case 'isNotNull':
      return value !== null;
    default:
      return false;
  }
}

/** NaN when the two cannot be ordered, so every comparison with it is false. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number.NaN;
}
