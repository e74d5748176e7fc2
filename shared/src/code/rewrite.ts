import { findCalls, maskStringsAndComments, renameIdentifier, type CallSite } from './python-source.js';

/**
 * The cheapest rung of the repair ladder: ManimGL / old Manim names that have exactly
 * one Manim Community 0.22 successor are rewritten in place; code whose *structure*
 * belongs to ManimGL is reported with a message the LLM can act on, because no
 * mechanical edit would make it right.
 */

export interface RewriteResult {
  code: string;
  /** Human-readable list of what changed, e.g. "ShowCreation → Create (2×)". */
  changes: string[];
  /** Structural ManimGL problems; non-empty means the code must go back to the LLM. */
  problems: string[];
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

/** Structural ManimGL markers and what to tell the LLM about each. */
const structuralChecks: readonly { test: (mask: string) => boolean; message: string }[] = [
  {
    test: (m) => /(^|\n)\s*(from\s+manimlib\b|import\s+manimlib\b|from\s+manim_imports_ext\b)/.test(m),
    message: 'imports manimlib (ManimGL); write Manim Community code that starts with `from manim import *`',
  },
  {
    test: (m) => /\bGraphScene\b/.test(m),
    message: 'uses GraphScene, which Manim Community removed; subclass Scene, build `axes = Axes(x_range=[...], y_range=[...])` and draw with `axes.plot(lambda x: ..., color=...)`',
  },
  {
    test: (m) => /(^|\n)\s*CONFIG\s*=\s*\{/.test(m),
    message: 'sets a class-level `CONFIG = {...}` dictionary (ManimGL); Manim Community ignores it — pass options as constructor arguments and keep values in construct()',
  },
  {
    test: (m) => /\bclass\s+\w+\s*\(\s*(InteractiveScene|TeacherStudentsScene|PiCreatureScene|ReconfigurableScene)\b/.test(m),
    message: 'subclasses a ManimGL/3Blue1Brown-only scene type; subclass Scene',
  },
  {
    test: (m) => /self\.play\(\s*[\w.[\]]+\.(shift|move_to|scale|rotate|set_color|next_to|to_edge|to_corner|set_fill|set_stroke|become|flip|stretch|set_opacity|set_x|set_y|center|arrange|fade)\s*[,)]/.test(m),
    message: 'passes a method as an animation, like `self.play(m.shift, UP)` (ManimGL); use `self.play(m.animate.shift(UP))`',
  },
  {
    test: (m) => /\b(x_min|x_max|y_min|y_max)\s*=/.test(m),
    message: 'uses x_min/x_max/y_min/y_max keyword arguments (old API); use `x_range=[min, max, step]` and `y_range=[...]`',
  },
  {
    test: (m) => /\bself\.setup_axes\s*\(/.test(m),
    message: 'calls self.setup_axes() from GraphScene; create an Axes object instead',
  },
];

export function structuralProblems(code: string): string[] {
  const mask = maskStringsAndComments(code);
  return [...new Set(structuralChecks.filter((c) => c.test(mask)).map((c) => c.message))];
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
  return { code: out, changes, problems: structuralProblems(out) };
}

/** One sentence for the LLM's next prompt when the code is structurally ManimGL. */
export function describeProblems(problems: readonly string[]): string {
  return `The code is not Manim Community 0.22 code: it ${problems.join('; it ')}.`;
}
