import { describe, expect, it } from 'vitest';
import { parseSearchParams } from './params.js';

describe('PHP-style parameter folding', () => {
  it('folds indexed and empty brackets into arrays, named ones into objects', () => {
    const q = new URLSearchParams();
    q.append('queries[0]', 'a');
    q.append('queries[1]', 'b');
    q.append('permissions[]', 'x');
    q.append('permissions[]', 'y');
    q.append('obj[k]', 'v');
    q.append('plain', '1');
    expect(parseSearchParams(q)).toEqual({ queries: ['a', 'b'], permissions: ['x', 'y'], obj: { k: 'v' }, plain: '1' });
  });
});
