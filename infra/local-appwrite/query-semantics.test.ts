import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Query } from 'node-appwrite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from './core/auth.js';
import { ChangeBus } from './core/bus.js';
import { AppwriteError } from './core/errors.js';
import { applyQueries } from './tables/list-queries.js';
import { compileQueries, matchesQuery, RealtimeQueryError } from './runtime/realtime-queries.js';
import { Catalog } from './schema/catalog.js';
import { loadConfig } from './schema/config.js';
import { openDatabase, type Db } from './store/sqlite.js';
import { TABLES } from './tables/dialect.js';
import { RowStore } from './tables/row-store.js';
import { Rows } from './tables/rows.js';

// One table of cases, run through the server's three query evaluators: the rows' SQL
// (tables/queries.ts over SQLite), the runtime's in-memory lists (tables/list-queries.ts,
// fed the same rows) and Realtime subscription queries (runtime/realtime-queries.ts, fed the
// rows as their events carry them). `db` is what Appwrite 1.8.1's database answers (SQL and
// in-memory must both give it), `realtime` what Appwrite's RuntimeQuery answers where it
// differs; 'invalid' is a refusal (400 general_query_invalid / a refused subscription).
// Sources: tables/filters.ts and runtime/realtime-queries.ts.

type Outcome = string[] | 'invalid';
type Case = { query: string; db: Outcome; realtime?: Outcome; why?: string };

const DUE_A = '2026-01-01T00:00:00.000+00:00';
const DUE_C = '2026-06-01T00:00:00.000+00:00';
const ROWS = [
  { $id: 'a', title: 'Alpha', count: 1, score: 0.5, flag: true, due: DUE_A, tags: ['red', 'blue'] },
  { $id: 'b', title: 'beta', count: 10, score: null, flag: false, due: null, tags: [] },
  { $id: 'c', title: 'alphabet_x', count: null, score: 1, flag: null, due: DUE_C, tags: null },
  { $id: 'd', title: '100%', count: 5, score: 0, flag: false, due: null, tags: ['Red'] },
];

const CASES: Case[] = [
  { query: Query.equal('title', 'beta'), db: ['b'] },
  { query: Query.equal('title', 'BETA'), db: [], why: 'equal compares strings exactly here (MariaDB general_ci would not): README "Queries"' },
  { query: Query.equal('count', [1, 5]), db: ['a', 'd'] },
  { query: Query.equal('$id', ['b', 'c']), db: ['b', 'c'] },
  { query: Query.notEqual('count', 1), db: ['b', 'd'], realtime: ['b', 'c', 'd'], why: 'SQL: NULL != 1 is unknown; PHP: null !== 1' },
  { query: Query.notEqual('count', [1, 5]), db: 'invalid', realtime: ['b', 'c'], why: 'notEqual takes one value; Realtime any number' },
  { query: Query.lessThan('count', 5), db: ['a'], realtime: ['a', 'c'], why: 'PHP: null < 5 as booleans' },
  { query: Query.lessThan('count', [2, 20]), db: 'invalid', realtime: ['a', 'b', 'c', 'd'], why: 'Realtime: any value may match' },
  { query: Query.lessThan('count', '5'), db: 'invalid', realtime: ['a', 'c'], why: 'the value must have the column type; PHP compares 1 < "5" as numbers' },
  { query: Query.lessThan('score', 0.7), db: ['a', 'd'], realtime: ['a', 'b', 'd'] },
  { query: Query.greaterThan('title', 'b'), db: ['b'] },
  { query: Query.greaterThanEqual('due', '2026-03-01T00:00:00.000Z'), db: ['c'] },
  { query: Query.lessThanEqual('due', DUE_A), db: ['a'], realtime: ['a', 'b', 'd'], why: 'PHP: null <= "2026…" as "" <= "2026…"' },
  { query: Query.between('count', 1, 5), db: ['a', 'd'], realtime: 'invalid' },
  { query: Query.notBetween('count', 2, 8), db: ['a', 'b'], realtime: 'invalid', why: 'NULL NOT BETWEEN is unknown' },
  { query: Query.isNull('score'), db: ['b'] },
  { query: Query.isNotNull('tags'), db: ['a', 'b', 'd'] },
  { query: Query.isNull('nickname'), db: 'invalid', realtime: [], why: 'not in the schema; Realtime: an attribute the payload lacks fails' },
  { query: Query.startsWith('title', 'alpha'), db: ['a', 'c'], realtime: 'invalid', why: 'LIKE ignores case' },
  { query: Query.endsWith('title', '%'), db: ['d'], realtime: 'invalid', why: 'wildcards in the value are literal' },
  { query: Query.notStartsWith('title', 'Al'), db: ['b', 'd'], realtime: 'invalid' },
  { query: Query.contains('title', ['ALPH', 'eta']), db: ['a', 'b', 'c'], realtime: 'invalid' },
  { query: Query.notContains('title', ['alpha']), db: ['b', 'd'], realtime: 'invalid' },
  { query: Query.contains('tags', ['red']), db: ['a'], realtime: 'invalid', why: 'array elements compare exactly' },
  { query: Query.notContains('tags', ['red']), db: ['b', 'd'], realtime: 'invalid', why: 'a null array is unknown' },
  { query: Query.equal('tags', ['red']), db: 'invalid', realtime: [], why: 'an array column takes only contains/notContains/isNull/isNotNull' },
  { query: Query.contains('count', [1]), db: 'invalid', realtime: 'invalid' },
  { query: Query.equal('flag', true), db: ['a'] },
  { query: Query.notEqual('flag', false), db: ['a'], realtime: ['a', 'c'] },
  { query: Query.or([Query.equal('title', 'beta'), Query.greaterThan('count', 4)]), db: ['b', 'd'] },
  { query: Query.or([Query.equal('count', 1)]), db: 'invalid', realtime: ['a'], why: 'and/or take at least two queries on the database' },
  { query: Query.and([Query.isNull('score'), Query.equal('title', 'beta')]), db: ['b'] },
  { query: Query.and([Query.notEqual('count', 1), Query.or([Query.isNull('flag'), Query.equal('flag', true)])]), db: [], realtime: ['c'] },
];

const key: Auth = { kind: 'key', scopes: ['rows.read', 'rows.write'] };
let dir: string;
let db: Db;
let rows: Rows;
let stored: Record<string, unknown>[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'query-semantics-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  const catalog = new Catalog(db);
  catalog.seed(loadConfig(resolve(import.meta.dirname, 'fixtures/conformance.appwrite.json')));
  rows = new Rows(new RowStore(db), catalog, new ChangeBus(), TABLES);
  stored = ROWS.map(({ $id, ...data }) => rows.create(key, 'app', 'notes', { rowId: $id, data }));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function outcome(run: () => string[], refusal: new (...args: never[]) => Error): Outcome {
  try {
    return run().sort();
  } catch (err) {
    if (err instanceof refusal && (!(err instanceof AppwriteError) || err.code === 400)) return 'invalid';
    throw err;
  }
}

const evaluators = {
  sql: (query: string) => outcome(() => (rows.list(key, 'app', 'notes', [query, Query.limit(100)], false).rows as { $id: string }[]).map((r) => r.$id), AppwriteError),
  memory: (query: string) => outcome(() => applyQueries(stored, [JSON.parse(query)]).documents.map((d) => String(d.$id)), AppwriteError),
  realtime: (query: string) => outcome(() => {
    const compiled = compileQueries([query]);
    return stored.filter((row) => matchesQuery(compiled, row)).map((row) => String(row.$id));
  }, RealtimeQueryError),
};

describe('one meaning for queries: SQL, in-memory lists, Realtime', () => {
  it.each(CASES)('$query', ({ query, db: expected, realtime }) => {
    expect({ sql: evaluators.sql(query), memory: evaluators.memory(query), realtime: evaluators.realtime(query) })
      .toEqual({ sql: expected, memory: expected, realtime: realtime ?? expected });
  });
});
