import { AppwriteError } from '../core/errors.js';
import { formatDate } from '../store/ids.js';

// What a filter query means on Appwrite's database — one definition for the local server's
// database-backed lists: the rows' SQL (`queries.ts` generates SQL that agrees with
// `matchesFilter`, and SQLite's LIKE runs `likeMatches`) and the runtime's in-memory lists
// (`tables/list-queries.ts`). Realtime subscription queries mean something else on Appwrite
// and live in `runtime/realtime-queries.ts`. The conformance test is
// `infra/local-appwrite/query-semantics.test.ts`.
//
// From utopia-php/database 3.5.0 (Appwrite 1.8.1's): `Validator/Query/Filter.php` refuses
// before anything runs — notEqual, comparisons, startsWith/endsWith take exactly one value,
// between two, equal/contains at least one, and/or at least two queries; every value must
// have the attribute's type; an array attribute takes only contains, notContains, isNull,
// isNotNull; contains needs a string or array attribute. `Adapter/MariaDB.php`
// `getSQLCondition` then evaluates with SQL's NULL logic: a missing value is NULL, and NULL
// fails every test but isNull — notEqual, notBetween, notStartsWith, notContains included.
// String matching (LIKE) ignores case (the database is utf8mb4, MariaDB's default collation
// utf8mb4_general_ci). One difference remains, on purpose: equal, notEqual and ordering
// compare strings exactly (MariaDB's collation would ignore case there too), so the
// expression indexes over the JSON columns keep serving `equal` (see README "Queries").

export type QueryJson = { method: string; attribute?: string; values?: unknown[] };
export type ValueType = 'string' | 'integer' | 'double' | 'boolean' | 'datetime';
export type FieldSpec = { type: ValueType; array: boolean };

type Doc = Record<string, unknown>;

const ONE_VALUE = new Set(['notEqual', 'lessThan', 'lessThanEqual', 'greaterThan', 'greaterThanEqual', 'search', 'notSearch', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith']);
const SOME_VALUES = new Set(['equal', 'contains', 'notContains']);
const TWO_VALUES = new Set(['between', 'notBetween']);
const NULL_CHECKS = new Set(['isNull', 'isNotNull']);
const ON_ARRAYS = new Set(['contains', 'notContains', 'isNull', 'isNotNull']);

export function queryInvalid(message: string): AppwriteError {
  return new AppwriteError(400, 'general_query_invalid', `Invalid query: ${message}`);
}

const ucfirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One query as it arrives: a JSON string or an object with a string `method`. `invalid`
 * names the refusal: `syntax` for a string that is not JSON, `shape` for anything else.
 */
export function parseQuery(item: unknown, invalid: (why: 'syntax' | 'shape') => AppwriteError): QueryJson {
  let parsed: unknown = item;
  if (typeof item === 'string') {
    try {
      parsed = JSON.parse(item);
    } catch {
      throw invalid('syntax');
    }
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as QueryJson).method !== 'string') throw invalid('shape');
  return parsed as QueryJson;
}

/** The nested queries of and/or, which arrive as JSON strings or objects. */
export function subQueries(q: QueryJson): QueryJson[] {
  return (q.values ?? []).map((v) => parseQuery(v, () => queryInvalid(`${ucfirst(q.method)} queries can only contain filter queries`)));
}

/**
 * Refuses a filter as Appwrite's Filter validator does. `specOf` gives an attribute's type
 * (undefined: unknown, so its values are not checked; refusing attributes outside the schema
 * is the caller's, as the schema is).
 */
export function checkFilter(q: QueryJson, specOf: (attribute: string) => FieldSpec | undefined): void {
  const method = q.method;
  if (method === 'and' || method === 'or') {
    const subs = subQueries(q);
    if (subs.length < 2) throw queryInvalid(`${ucfirst(method)} queries require at least two queries`);
    for (const sub of subs) checkFilter(sub, specOf);
    return;
  }
  const values = q.values ?? [];
  if (SOME_VALUES.has(method) && values.length === 0) throw queryInvalid(`${ucfirst(method)} queries require at least one value.`);
  if (ONE_VALUE.has(method) && values.length !== 1) throw queryInvalid(`${ucfirst(method)} queries require exactly one value.`);
  if (TWO_VALUES.has(method) && values.length !== 2) throw queryInvalid(`${ucfirst(method)} queries require exactly two values.`);
  if (!SOME_VALUES.has(method) && !ONE_VALUE.has(method) && !TWO_VALUES.has(method) && !NULL_CHECKS.has(method) && method !== 'regex') {
    throw queryInvalid(`Query method not valid: ${method}`);
  }
  const attribute = q.attribute ?? '';
  const spec = specOf(attribute);
  if (!spec) return;
  if (!NULL_CHECKS.has(method)) {
    for (const value of values) {
      if (!hasType(value, spec.type)) throw queryInvalid(`Query value is invalid for attribute "${attribute}"`);
    }
  }
  if (!spec.array && (method === 'contains' || method === 'notContains') && spec.type !== 'string') {
    throw queryInvalid(`Cannot query ${method} on attribute "${attribute}" because it is not an array, string, or object.`);
  }
  if (spec.array && !ON_ARRAYS.has(method)) throw queryInvalid(`Cannot query ${method} on attribute "${attribute}" because it is an array.`);
}

function hasType(value: unknown, type: ValueType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'double': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'datetime': return typeof value === 'string' && !Number.isNaN(new Date(value).getTime());
  }
}

/** A query value as the database holds it: datetimes in Appwrite's stored format. */
export function storedValue(value: unknown, spec: FieldSpec | undefined): unknown {
  if (spec?.type === 'datetime' && typeof value === 'string') return formatDate(new Date(value));
  return value;
}

/** Whether a (checked) filter matches a document; `specOf` as for checkFilter. */
export function matchesFilter(q: QueryJson, doc: Doc, specOf: (attribute: string) => FieldSpec | undefined = () => undefined): boolean {
  if (q.method === 'and') return subQueries(q).every((s) => matchesFilter(s, doc, specOf));
  if (q.method === 'or') return subQueries(q).some((s) => matchesFilter(s, doc, specOf));
  const attribute = q.attribute ?? '';
  const value = doc[attribute] ?? null;
  if (q.method === 'isNull') return value === null;
  if (q.method === 'isNotNull') return value !== null;
  // SQL's NULL: every other test on a missing value is unknown, so the row is left out.
  if (value === null) return false;
  const spec = specOf(attribute);
  const values = (q.values ?? []).map((v) => storedValue(v, spec));
  const first = values[0];
  if (Array.isArray(value)) {
    const overlaps = values.some((v) => value.some((element) => compareValues(element, v) === 0));
    if (q.method === 'contains') return overlaps;
    if (q.method === 'notContains') return !overlaps;
    throw queryInvalid(`Cannot query ${q.method} on attribute "${attribute}" because it is an array.`);
  }
  switch (q.method) {
    case 'equal': return values.some((v) => compareValues(value, v) === 0);
    case 'notEqual': return compareValues(value, first) !== 0;
    case 'lessThan': return compareValues(value, first) < 0;
    case 'lessThanEqual': return compareValues(value, first) <= 0;
    case 'greaterThan': return compareValues(value, first) > 0;
    case 'greaterThanEqual': return compareValues(value, first) >= 0;
    case 'between': return compareValues(value, values[0]) >= 0 && compareValues(value, values[1]) <= 0;
    case 'notBetween': return !(compareValues(value, values[0]) >= 0 && compareValues(value, values[1]) <= 0);
    case 'startsWith': return likeMatches(`${likeEscape(String(first))}%`, value);
    case 'notStartsWith': return !likeMatches(`${likeEscape(String(first))}%`, value);
    case 'endsWith': return likeMatches(`%${likeEscape(String(first))}`, value);
    case 'notEndsWith': return !likeMatches(`%${likeEscape(String(first))}`, value);
    case 'contains': return values.some((v) => likeMatches(`%${likeEscape(String(v))}%`, value));
    case 'notContains': return !values.some((v) => likeMatches(`%${likeEscape(String(v))}%`, value));
    default: throw queryInvalid(`Query method not supported here: ${q.method}`);
  }
}

/**
 * The order of two stored values as SQLite orders them: numbers (booleans as 0/1) by value,
 * before strings, which compare by code unit; null first.
 */
export function compareValues(a: unknown, b: unknown): number {
  const x = typeof a === 'boolean' ? Number(a) : a ?? null;
  const y = typeof b === 'boolean' ? Number(b) : b ?? null;
  const rank = (v: unknown) => (v === null ? 0 : typeof v === 'number' ? 1 : 2);
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (x === null) return 0;
  const s = String(x);
  const t = String(y);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Escapes LIKE's wildcards (`%`, `_`) and the escape character `\` itself. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const likeCache = new Map<string, RegExp>();

/**
 * `value LIKE pattern ESCAPE '\'`, ignoring case as MariaDB's utf8mb4_general_ci does
 * (Unicode lower case; the collation's accent folding is not reproduced). Registered as
 * SQLite's `like()` so the SQL and the in-memory lists cannot disagree.
 */
export function likeMatches(pattern: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let re = likeCache.get(pattern);
  if (!re) {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
      else if (c === '%') source += '[\\s\\S]*';
      else if (c === '_') source += '[\\s\\S]';
      else source += escapeRegExp(c);
    }
    re = new RegExp(`^${source}$`, 'iu');
    if (likeCache.size > 1000) likeCache.clear();
    likeCache.set(pattern, re);
  }
  return re.test(value);
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
