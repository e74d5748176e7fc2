import { findCalls } from './python-source.js';

/**
 * One-to-one fixes of the LaTeX LLMs write into Tex/MathTex string literals: math in
 * text-mode `Tex`, Unicode sub/superscripts and symbols LaTeX's default setup cannot take,
 * and a bare `&` in text mode. Only arguments that are a single plain string literal are
 * touched; f-strings, concatenations and variables are left to the LaTeX check.
 */

const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁺': '+', '⁻': '-', '⁼': '=', '⁽': '(', '⁾': ')', 'ⁿ': 'n', 'ⁱ': 'i' };
const SUBSCRIPTS: Record<string, string> = { '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9', '₊': '+', '₋': '-', '₌': '=', '₍': '(', '₎': ')', 'ₐ': 'a', 'ₑ': 'e', 'ₒ': 'o', 'ₓ': 'x', 'ᵢ': 'i', 'ⱼ': 'j', 'ₙ': 'n', 'ₖ': 'k', 'ₘ': 'm', 'ₜ': 't' };
/** Math symbols as the command LaTeX knows; each is one-to-one. */
const SYMBOLS: Record<string, string> = {
  'α': '\\alpha', 'β': '\\beta', 'γ': '\\gamma', 'δ': '\\delta', 'ε': '\\epsilon', 'θ': '\\theta', 'λ': '\\lambda', 'μ': '\\mu', 'π': '\\pi', 'σ': '\\sigma', 'τ': '\\tau', 'φ': '\\phi', 'ω': '\\omega', 'Δ': '\\Delta', 'Σ': '\\Sigma', 'Ω': '\\Omega',
  '×': '\\times', '·': '\\cdot', '÷': '\\div', '≤': '\\leq', '≥': '\\geq', '≠': '\\neq', '≈': '\\approx', '∞': '\\infty', '→': '\\to', '←': '\\leftarrow', '⇒': '\\Rightarrow', '∑': '\\sum', '∫': '\\int', '∂': '\\partial', '±': '\\pm', '∈': '\\in', '°': '^{\\circ}',
};
/** Things only math mode accepts; text-mode Tex with any of them and no `$` fails to compile. */
const MATH_ONLY = /\^|_|\\(frac|dfrac|sqrt|sum|int|prod|lim|infty|alpha|beta|gamma|delta|theta|lambda|mu|pi|sigma|omega|cdot|times|leq|geq|neq|approx|partial|vec|hat|bar|mathbb|mathrm|left|right)\b/;

type Literal = { prefix: string; quote: string; body: string };

function parseLiteral(arg: string): Literal | null {
  const m = /^([rRuU]?)("""|'''|"|')([\s\S]*)\2$/.exec(arg);
  if (!m || m[3]!.includes(m[2]!)) return null;
  return { prefix: m[1]!, quote: m[2]!, body: m[3]! };
}

const isRaw = (lit: Literal) => /r/i.test(lit.prefix);
/** A LaTeX backslash as it must be written in this literal. */
const bs = (lit: Literal, command: string) => (isRaw(lit) ? command : command.replaceAll('\\', '\\\\'));

function replaceRuns(body: string, table: Record<string, string>, wrap: (run: string) => string): string {
  const chars = Object.keys(table).join('');
  return body.replace(new RegExp(`[${chars}]+`, 'gu'), (run) => wrap([...run].map((c) => table[c]).join('')));
}

function unicodeToLatex(lit: Literal, math: boolean): string {
  const inMath = (s: string) => (math ? s : `$${s}$`);
  let body = replaceRuns(lit.body, SUPERSCRIPTS, (run) => inMath(`^{${run}}`));
  body = replaceRuns(body, SUBSCRIPTS, (run) => inMath(`_{${run}}`));
  // Braces keep `\\alpha` from running into the letter after it (`{\\alpha}x`).
  body = body.replace(new RegExp(`[${Object.keys(SYMBOLS).join('')}]`, 'gu'), (c) => (math ? `{${bs(lit, SYMBOLS[c]!)}}` : `$${bs(lit, SYMBOLS[c]!)}$`));
  return body;
}

export type TexEdit = { code: string; changes: string[] };

/** Applies the Tex/MathTex fixes to every call site; innermost edits first so indices stay valid. */
export function rewriteTexStrings(src: string): TexEdit {
  let out = src;
  const counts = new Map<string, number>();
  const count = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);
  for (const name of ['MathTex', 'Tex'] as const) {
    const sites = findCalls(out, name).reverse();
    for (const site of sites) {
      const text = out.slice(site.open + 1, site.end - 1);
      let cursor = 0;
      const edits: Array<[number, number, string]> = [];
      const literals: Array<{ at: number; arg: string; lit: Literal }> = [];
      for (const arg of site.args) {
        const at = text.indexOf(arg, cursor);
        if (at < 0) break;
        cursor = at + arg.length;
        if (/^\w+\s*=/.test(arg)) continue;
        const lit = parseLiteral(arg);
        if (lit) literals.push({ at, arg, lit });
      }
      let mathMode = name === 'MathTex';
      // Math written into text-mode Tex: the successor is MathTex, with the same strings.
      if (name === 'Tex' && literals.length > 0 && literals.length === site.args.filter((a) => !/^\w+\s*=/.test(a)).length) {
        const bodies = literals.map((l) => l.lit.body);
        if (bodies.every((b) => !b.includes('$') && !b.includes('\\begin')) && bodies.some((b) => MATH_ONLY.test(b))) {
          mathMode = true;
          count('math in text-mode Tex → MathTex');
        }
      }
      for (const { at, arg, lit } of literals) {
        let body = unicodeToLatex(lit, mathMode);
        if (body !== lit.body) count('Unicode sub/superscripts and symbols → LaTeX');
        if (!mathMode && !lit.body.includes('\\begin')) {
          const escaped = body.replace(/(?<!\\)&/g, bs(lit, '\\&'));
          if (escaped !== body) count('bare & in Tex → \\&');
          body = escaped;
        }
        if (body !== lit.body) edits.push([at, at + arg.length, `${lit.prefix}${lit.quote}${body}${lit.quote}`]);
      }
      let inner = text;
      for (const [from, to, replacement] of edits.reverse()) inner = inner.slice(0, from) + replacement + inner.slice(to);
      const callee = name === 'Tex' && mathMode ? 'MathTex' : name;
      if (inner !== text || callee !== name) out = out.slice(0, site.start) + callee + out.slice(site.start + name.length, site.open + 1) + inner + out.slice(site.end - 1);
    }
  }
  return { code: out, changes: [...counts].map(([label, n]) => `${label} (${n}×)`) };
}
