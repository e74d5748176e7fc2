import { describe, expect, it } from 'vitest';
import { extractJsonObject, extractPythonCode } from './answer-text.js';

describe('extractJsonObject', () => {
  it('reads bare, fenced and prose-wrapped JSON', () => {
    expect(extractJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(extractJsonObject('Sure!\n```json\n{"a": {"b": "}"}}\n```\nBye')).toEqual({ a: { b: '}' } });
    expect(extractJsonObject('Here: {not json} and then {"ok": true} done')).toEqual({ ok: true });
  });

  it('gives undefined for empty text, prose and cut-off JSON', () => {
    expect(extractJsonObject('')).toBeUndefined();
    expect(extractJsonObject('I cannot help with that.')).toBeUndefined();
    expect(extractJsonObject('{"title": "x", "scenes": [')).toBeUndefined();
  });
});

describe('extractPythonCode', () => {
  it('takes the python block out of chatter', () => {
    expect(extractPythonCode('Here you go:\n```python\nfrom manim import *\nx = 1\n```\nEnjoy!')).toBe('from manim import *\nx = 1\n');
  });

  it('prefers the python block over other fences', () => {
    const text = '```bash\nmanim -ql scene.py\n```\n```python\nfrom manim import *\n```';
    expect(extractPythonCode(text)).toBe('from manim import *\n');
  });

  it('keeps the body of an unterminated fence (a truncated answer)', () => {
    expect(extractPythonCode('```python\nfrom manim import *\nclass A(Scene):\n    def construct(self):\n        self.play(')).toBe(
      'from manim import *\nclass A(Scene):\n    def construct(self):\n        self.play(\n',
    );
  });

  it('drops a sentence before unfenced code', () => {
    expect(extractPythonCode('The code is below.\nfrom manim import *\nclass A(Scene): pass')).toBe('from manim import *\nclass A(Scene): pass\n');
  });
});
