import { describe, expect, it } from 'vitest';
import { extractPythonCode } from './answer-text.js';
import { truncationOf } from './truncation.js';

const whole = 'from manim import *\n\nclass Scene01(Scene):\n    def construct(self):\n        t = Text("a (b")  # (\n        self.play(Write(t))\n';
const check = (answer: string, finish?: string) => truncationOf(answer, extractPythonCode(answer), finish);

describe('truncationOf', () => {
  it('trusts the provider when it says it stopped at its output limit', () => {
    expect(check(`\`\`\`python\n${whole}\`\`\``, 'MAX_TOKENS')).toMatch(/output limit \(finish reason MAX_TOKENS\)/);
    expect(check(whole, 'length')).toMatch(/finish reason length/);
    expect(check(whole, 'STOP')).toBeNull();
  });

  it('sees a file that ends inside brackets, a string or a fence, and not one whose brackets are in strings', () => {
    expect(check(whole)).toBeNull();
    expect(check(`\`\`\`python\n${whole}\`\`\`\nThat is all.`)).toBeNull();
    expect(check(`${whole}        self.play(FadeIn(VGroup(t,`)).toBe('the code ends with 3 brackets `(((` still open');
    expect(check(`${whole}        s = """unfinished\n`)).toBe('the code ends with a triple-quoted string still open');
    expect(check(`Here:\n\`\`\`python\n${whole}`)).toMatch(/inside an open ``` code block/);
  });

  it('leaves mismatched brackets to the gate: a syntax error, not a cut-off answer', () => {
    expect(check(`${whole}        x = (1]\n`)).toBeNull();
  });
});
