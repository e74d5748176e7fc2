import { describe, expect, it } from 'vitest';
import { hasMoreThanTail, tracebackTail } from './traceback.js';

const richTraceback = `╭──────────────── Traceback (most recent call last) ────────────────╮
│ /job/scene.py:7 in construct                                      │
│                                                                   │
│    6 │   def construct(self):                                     │
│ ❱  7 │   │   circle = Circel()                                    │
╰───────────────────────────────────────────────────────────────────╯
NameError: name 'Circel' is not defined
`;

describe('tracebackTail', () => {
  it("picks the exception line out of Manim's rich traceback", () => {
    expect(tracebackTail(richTraceback)).toBe("NameError: name 'Circel' is not defined");
    expect(hasMoreThanTail(richTraceback)).toBe(true);
  });

  it('finds the exception even when log lines follow it', () => {
    const text = 'Traceback (most recent call last):\n  File "scene.py", line 3\nmanim.utils.exceptions.SomeFailureError: bad\nINFO: cleaning up\n';
    expect(tracebackTail(text)).toBe('manim.utils.exceptions.SomeFailureError: bad');
  });

  it('falls back to the last line, and leaves a one-line message whole', () => {
    expect(tracebackTail('render timed out after 120 s')).toBe('render timed out after 120 s');
    expect(hasMoreThanTail('render timed out after 120 s')).toBe(false);
    expect(tracebackTail('first\nsecond\n\n')).toBe('second');
    expect(tracebackTail(null)).toBe('');
  });

  it('shortens a huge line', () => {
    const tail = tracebackTail(`ValueError: ${'x'.repeat(1000)}`);
    expect(tail.length).toBe(300);
    expect(tail.endsWith('…')).toBe(true);
  });
});
