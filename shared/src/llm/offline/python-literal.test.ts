import { describe, expect, it } from 'vitest';
import { pyString, pyStringList } from './python-literal.js';
import { runPythonJson } from './python-check.js';

const hostile = [
  'plain',
  'quote " and \' both',
  'back\\slash at end\\',
  '"""triple""" and \'\'\'',
  '<script>alert(1)</script>',
  'line\nbreak\ttab\r\u0000nul',
  'Ünïcödé — ΔE ≥ 0, 日本語, emoji 🚀',
  '\u2028 separators \u2029',
  "{braces} %s {0} f'{x}'",
  '"); import os; os.system("echo pwned"); ("',
];

describe('pyString', () => {
  it('produces ASCII-only literals that Python reads back as exactly the original text', () => {
    const literals = hostile.map(pyString);
    for (const l of literals) expect(l).toMatch(/^"[\x20-\x7e]*"$/);
    const back = runPythonJson<string[]>(
      'import ast, json, sys\nprint(json.dumps([ast.literal_eval(l) for l in json.load(sys.stdin)]))',
      literals,
    );
    expect(back).toEqual(hostile);
  });

  it('builds a list literal that parses to the same strings', () => {
    const src = pyStringList(hostile, '');
    expect(runPythonJson<string[]>('import ast, json, sys\nprint(json.dumps(ast.literal_eval(json.load(sys.stdin))))', src)).toEqual(hostile);
  });
});
