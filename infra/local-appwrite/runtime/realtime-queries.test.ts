import { describe, expect, it } from 'vitest';
import { compileQueries, matchesQuery, phpCompare, RealtimeQueryError } from './realtime-queries.js';

// Appwrite's RuntimeQuery beyond what the query-semantics table checks: strict equality,
// PHP's loose ordering, top-level AND, nested and/or, select("*") as "everything", and a
// refusal for anything else.
const q = (method: string, attribute: string | undefined, values: unknown[]) => JSON.stringify({ method, attribute, values });
const row = { $id: 'r1', title: 'hello', n: 5, done: false, note: null };

describe('realtime queries', () => {
  it('matches everything without queries or with select("*")', () => {
    expect(matchesQuery(compileQueries([]), row)).toBe(true);
    expect(matchesQuery(compileQueries([q('select', undefined, ['*']), q('equal', 'title', ['nope'])]), row)).toBe(true);
  });

  it('compares strictly and ANDs top-level queries', () => {
    expect(matchesQuery(compileQueries([q('equal', 'title', ['hello', 'x'])]), row)).toBe(true);
    expect(matchesQuery(compileQueries([q('equal', 'n', ['5'])]), row)).toBe(false);
    expect(matchesQuery(compileQueries([q('greaterThan', 'n', [4]), q('lessThanEqual', 'n', [5])]), row)).toBe(true);
    expect(matchesQuery(compileQueries([q('greaterThan', 'n', [4]), q('notEqual', 'title', ['hello'])]), row)).toBe(false);
    expect(matchesQuery(compileQueries([q('isNull', 'note', [])]), row)).toBe(true);
    expect(matchesQuery(compileQueries([q('isNotNull', 'title', [])]), row)).toBe(true);
  });

  it('orders as PHP 8 does: numeric strings as numbers, other strings byte-wise, arrays above scalars', () => {
    expect(phpCompare('10', '9')).toBe(1);
    expect(phpCompare(5, 'abc')).toBe(-1);
    expect(phpCompare(' 5', 5)).toBe(0);
    expect(phpCompare(null, 0)).toBe(0);
    expect(phpCompare(['a'], 100)).toBe(1);
    expect(phpCompare('é', 'z')).toBe(1);
  });

  it('fails a query on an attribute the payload does not have', () => {
    expect(matchesQuery(compileQueries([q('notEqual', 'missing', ['x'])]), row)).toBe(false);
  });

  it('evaluates nested or / and', () => {
    const or = JSON.stringify({ method: 'or', values: [JSON.parse(q('equal', 'title', ['x'])), JSON.parse(q('equal', 'n', [5]))] });
    expect(matchesQuery(compileQueries([or]), row)).toBe(true);
    const and = JSON.stringify({ method: 'and', values: [JSON.parse(q('equal', 'title', ['hello'])), JSON.parse(q('equal', 'done', [true]))] });
    expect(matchesQuery(compileQueries([and]), row)).toBe(false);
  });

  it('refuses methods Realtime does not support and a select other than "*"', () => {
    expect(() => compileQueries([q('search', 'title', ['x'])])).toThrow(RealtimeQueryError);
    expect(() => compileQueries([q('select', undefined, ['title'])])).toThrow(RealtimeQueryError);
    expect(() => compileQueries(['not json'])).toThrow(RealtimeQueryError);
  });
});
