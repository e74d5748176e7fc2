import { findCalls, maskStringsAndComments, renameIdentifier, type CallSite } from './python-source.js';
import { rewriteTexStrings } from './tex-rewrite.js';

/**
 * The cheapest rung of the repair ladder: names, calls and LaTeX strings that have exactly
 * one Manim Community 0.22 successor, with nothing lost, are rewritten in place. Everything
 * that needs judgement (ManimGL structure, invented keywords that carry meaning such as
 * `label=`) is left for the gate (shared/python/gate.py), whose findings go to the LLM.
 */

export interface RewriteResult {
  code: string;
  /** Human-readable list of what changed, e.g. "ShowCreation → Create (2×)". */
  changes: string[];
}

/** Class or function names replaced one-to-one. */
const renamedNames: readonly [string, string][] = [
  ['ShowCreation', 'Create'],
  ['TextMobject', 'Tex'],
  ['TexMobject', 'MathTex'],
  ['TexText', 'Tex'],
  ['ParametricSurface', 'Surface'],
  ['FRAME_WIDTH', 'config.frame_width'],
  ['FRAME_HEIGHT', 'config.frame_height'],
  ['FRAME_X_RADIUS', 'config.frame_x_radius'],
  ['FRAME_Y_RADIUS', 'config.frame_y_radius'],
];

/** Methods replaced one-to-one (`.old(` → `.new(`). */
const renamedMethods: readonly [string, string][] = [
  ['get_graph', 'plot'],
  ['add_coordinate_labels', 'add_coordinates'],
  ['set_width', 'scale_to_fit_width'],
  ['set_height', 'scale_to_fit_height'],
];

interface CallRule {
  name: string;
  label: string;
  rewrite(args: string[]): string;
}

const hasKw = (args: string[], kw: string) => args.some((a) => new RegExp(`^${kw}\\s*=`).test(a));

/** Calls whose arguments move: old direction arguments become `shift=`. */
const callRules: readonly CallRule[] = [
  {
    name: 'FadeInFromDown',
    label: 'FadeInFromDown(m) → FadeIn(m, shift=UP)',
    rewrite: ([m, ...rest]) => `FadeIn(${[m, 'shift=UP', ...rest].join(', ')})`,
  },
  {
    name: 'FadeInFrom',
    label: 'FadeInFrom(m, d) → FadeIn(m, shift=-d)',
    // ManimGL's FadeInFrom(m, direction) starts the mobject at `direction` and moves it
    // back, which is FadeIn's shift with the opposite sign.
    rewrite: ([m, d, ...rest]) => `FadeIn(${[m, `shift=${d && !d.includes('=') ? negate(d) : 'UP'}`, ...(d?.includes('=') ? [d] : []), ...rest].join(', ')})`,
  },
  {
    name: 'FadeOutAndShiftDown',
    label: 'FadeOutAndShiftDown(m) → FadeOut(m, shift=DOWN)',
    rewrite: ([m, ...rest]) => `FadeOut(${[m, 'shift=DOWN', ...rest].join(', ')})`,
  },
  {
    name: 'FadeOutAndShift',
    label: 'FadeOutAndShift(m, d) → FadeOut(m, shift=d)',
    rewrite: ([m, d, ...rest]) => `FadeOut(${[m, `shift=${d && !d.includes('=') ? d : 'DOWN'}`, ...(d?.includes('=') ? [d] : []), ...rest].join(', ')})`,
  },
  {
    name: 'ShowCreationThenDestruction',
    label: 'ShowCreationThenDestruction(m) → ShowPassingFlash(m, time_width=2.0)',
    rewrite: (args) => `ShowPassingFlash(${[...args, ...(hasKw(args, 'time_width') ? [] : ['time_width=2.0'])].join(', ')})`,
  },
];

function negate(expr: string): string {
  if (/^-\s*[\w.]+$/.test(expr)) return expr.replace(/^-\s*/, '');
  return /^[\w.]+$/.test(expr) ? `-${expr}` : `-(${expr})`;
}

function applyCallRule(src: string, rule: CallRule): [string, number] {
  let out = src;
  let count = 0;
  // Rewrite the innermost call first so nested calls keep valid indices.
  for (;;) {
    const sites: CallSite[] = findCalls(out, rule.name);
    const site = sites.at(-1);
    if (!site) break;
    out = out.slice(0, site.start) + rule.rewrite(site.args) + out.slice(site.end);
    count++;
    if (count > 500) break;
  }
  return [out, count];
}

/** Corner getters LLMs invent; Mobject has exactly one call for each. */
const cornerGetters: readonly [RegExp, string][] = [
  [/\.get_(?:bottom_left|lower_left|left_bottom)\(\s*\)/g, '.get_corner(DL)'],
  [/\.get_(?:bottom_right|lower_right|right_bottom)\(\s*\)/g, '.get_corner(DR)'],
  [/\.get_(?:top_left|upper_left|left_top)\(\s*\)/g, '.get_corner(UL)'],
  [/\.get_(?:top_right|upper_right|right_top)\(\s*\)/g, '.get_corner(UR)'],
];

/** Filled shapes, where a bare `opacity=` can only mean the fill's (none of them takes `opacity`). */
const FILLED_SHAPES = ['Circle', 'Square', 'Rectangle', 'RoundedRectangle', 'Polygon', 'RegularPolygon', 'Triangle', 'Ellipse', 'Annulus', 'Sector', 'AnnularSector', 'Star', 'Dot'];

/** Replaces what a regex finds in the code (never in strings or comments). */
function replaceInCode(src: string, pattern: RegExp, replacement: string): [string, number] {
  const mask = maskStringsAndComments(src);
  const hits = [...mask.matchAll(pattern)].map((m) => [m.index, m[0].length] as const);
  let out = src;
  for (const [at, length] of hits.reverse()) out = out.slice(0, at) + replacement + out.slice(at + length);
  return [out, hits.length];
}

/** numpy 2 removed `np.math`, which was the standard `math` module all along. */
function replaceNpMath(src: string): [string, number] {
  const [out, n] = replaceInCode(src, /(?<![\w.])(?:np|numpy)\.math\./g, 'math.');
  if (n === 0 || /^\s*import math\s*$/m.test(maskStringsAndComments(out))) return [out, n];
  const firstImport = /^(?:from|import)\s.*$/m.exec(out);
  const at = firstImport ? firstImport.index + firstImport[0].length + 1 : 0;
  return [`${out.slice(0, at)}import math\n${out.slice(at)}`, n];
}

function fillOpacity(src: string): [string, number] {
  let out = src;
  let count = 0;
  for (const shape of FILLED_SHAPES) {
    for (const site of findCalls(out, shape).reverse()) {
      const inner = out.slice(site.open + 1, site.end - 1);
      const mask = maskStringsAndComments(inner);
      let depth = 0;
      let fixed = inner;
      const hits: number[] = [];
      for (let i = 0; i < mask.length; i++) {
        const c = mask[i];
        if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') depth--;
        else if (depth === 0 && /(?<![\w.])opacity\s*=(?!=)/y.test(mask.slice(i)) && (i === 0 || /[\s,(]/.test(mask[i - 1]!))) hits.push(i);
      }
      if (hits.length === 0 || /(?<![\w.])fill_opacity\s*=/.test(mask)) continue;
      for (const at of hits.reverse()) fixed = `${fixed.slice(0, at)}fill_${fixed.slice(at)}`;
      out = out.slice(0, site.open + 1) + fixed + out.slice(site.end - 1);
      count += hits.length;
    }
  }
  return [out, count];
}

export function rewriteManim(code: string): RewriteResult {
  const changes: string[] = [];
  let out = code;
  for (const rule of callRules) {
    const [next, n] = applyCallRule(out, rule);
    if (n) changes.push(`${rule.label} (${n}×)`);
    out = next;
  }
  for (const [from, to] of renamedNames) {
    const [next, n] = renameIdentifier(out, from, to);
    if (n) changes.push(`${from} → ${to} (${n}×)`);
    out = next;
  }
  for (const [from, to] of renamedMethods) {
    const [next, n] = renameIdentifier(out, from, to, { method: true });
    if (n) changes.push(`.${from}() → .${to}() (${n}×)`);
    out = next;
  }
  for (const [pattern, to] of cornerGetters) {
    const [next, n] = replaceInCode(out, pattern, to);
    if (n) changes.push(`corner getter → ${to} (${n}×)`);
    out = next;
  }
  const [noNpMath, npMath] = replaceNpMath(out);
  if (npMath) changes.push(`np.math. → math. (${npMath}×)`);
  const [filled, opacity] = fillOpacity(noNpMath);
  if (opacity) changes.push(`opacity= → fill_opacity= on filled shapes (${opacity}×)`);
  const tex = rewriteTexStrings(filled);
  return { code: tex.code, changes: [...changes, ...tex.changes] };
}
