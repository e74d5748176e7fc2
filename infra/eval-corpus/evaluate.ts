import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { rewriteManim } from '../../shared/src/code/rewrite.js';
import type { RenderBackend } from '../../shared/src/render/contract.js';
import { gateCode, gateErrorClass, type GateErrorKind } from '../../shared/src/render/gate.js';
import { checkTexStrings } from '../../shared/src/render/tex-check.js';
import type { RenderConfig } from '../../shared/src/render/config.js';

/**
 * The generation ladder measured on a folder of scenes: each file goes through the
 * deterministic rewrite, then the gate (security, structure, run-time estimate, API check),
 * then a render of what passed. The file's own render (no ladder) is the ground truth of
 * whether it fails; without renders, its `# expect: renders|fails (group)` header stands in.
 */

export type Expectation = { fails: boolean; group: string } | null;

export type FileOutcome = {
  file: string;
  expected: Expectation;
  /** The original file rendered with no rewrite and no gate: did it fail, and how. */
  truth: { fails: boolean; errorClass: string | null; source: 'render' | 'header' };
  rewrites: string[];
  /** Kinds of the gate's findings on the rewritten code, and `latex` for a string the LaTeX check refused (empty: it passed). */
  flagged: Array<GateErrorKind | 'latex'>;
  firstFinding: string | null;
  /** The rewritten code's render, when the gate passed it and renders were on. */
  after: { ok: boolean; errorClass: string | null } | null;
};

/**
 * A clip this long "renders" but is no scene of a 3-30 s plan: a runaway, which at standard or
 * high quality runs into the render timeout. The gate's run-time estimate uses the same limit
 * (DEFAULT_LIMIT_SECONDS in shared/python/runtime_estimate.py).
 */
export const RUNAWAY_CLIP_SECONDS = 120;

const HEADER = /^#\s*expect:\s*(renders|fails)(?:\s*\(([\w-]+)\))?/m;
const SCENE_CLASS = /^class\s+(\w+)\s*\(\s*\w*Scene\s*\)\s*:/m;

export function expectationOf(code: string): Expectation {
  const m = HEADER.exec(code);
  return m ? { fails: m[1] === 'fails', group: m[2] ?? (m[1] === 'fails' ? 'unknown' : 'renders') } : null;
}

export async function corpusFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.py')).sort().map((f) => join(dir, f));
}

export async function evaluateFile(path: string, config: Pick<RenderConfig, 'venv' | 'gateScript'>, render: { truth: RenderBackend; ladder: RenderBackend } | null): Promise<FileOutcome> {
  const code = await readFile(path, 'utf8');
  const className = SCENE_CLASS.exec(code)?.[1] ?? 'Scene01';
  const expected = expectationOf(code);
  const job = (source: string) => ({ code: source, className, quality: 'preview' as const, aspectRatio: '16:9' as const });

  let truth: FileOutcome['truth'];
  let original: Awaited<ReturnType<RenderBackend['render']>> | null = null;
  if (render) {
    original = await render.truth.render(job(code));
    const runaway = original.ok && original.durationSeconds > RUNAWAY_CLIP_SECONDS;
    truth = { fails: !original.ok || runaway, errorClass: original.ok ? (runaway ? `runaway ${Math.round(original.durationSeconds)} s` : null) : original.errorClass, source: 'render' };
  } else {
    truth = { fails: expected?.fails ?? false, errorClass: null, source: 'header' };
  }

  const rewritten = rewriteManim(code);
  const gate = await gateCode(rewritten.code, className, config);
  const flagged: FileOutcome['flagged'] = [...new Set(gate.errors.map((e) => e.kind))];
  let firstFinding = gate.ok ? null : `${gateErrorClass(gate)}: ${gate.errors[0]?.message ?? ''}`;
  // The LaTeX check runs in the sandbox like a render (its own tiny scene, gate off: our code).
  const latex = gate.ok && render && gate.tex.length > 0 ? await checkTexStrings(gate.tex, (j) => render.truth.render(j)) : null;
  if (latex) {
    flagged.push('latex');
    firstFinding = `latex: ${latex.message}`;
  }
  let after: FileOutcome['after'] = null;
  if (gate.ok && !latex && render) {
    // Unchanged code that passed the gate renders as the original did: no second render.
    const result = rewritten.code === code && original ? original : await render.ladder.render(job(rewritten.code));
    after = { ok: result.ok, errorClass: result.ok ? null : result.errorClass };
  }
  return {
    file: basename(path),
    expected,
    truth,
    rewrites: rewritten.changes,
    flagged,
    firstFinding,
    after,
  };
}

export type Summary = {
  files: number;
  failing: number;
  working: number;
  /** Failing files the ladder dealt with before any render: a rewrite fixed them or the gate refused them. */
  caughtBeforeRender: number;
  /** Failing files the rewrite alone turned into a scene that renders (renders on only). */
  fixedByRewrite: number;
  /** Working files the ladder sent back (gate refused) or broke (rewrite made them fail). */
  falsePositives: string[];
  byStage: Record<string, number>;
  /** Catch rate without each stage: files still caught by the others. */
  withoutStage: Record<string, number>;
  byTruthClass: Record<string, number>;
  rewriteCounts: Record<string, number>;
};

const STAGES = ['rewrite', 'structure', 'api', 'estimate', 'latex', 'syntax', 'security'] as const;

function caughtBy(o: FileOutcome): Set<string> {
  const stages = new Set<string>(o.flagged);
  // A rewrite counts as a catch when what it produced passes the gate and (with renders) renders.
  if (o.rewrites.length > 0 && o.flagged.length === 0 && (o.after === null ? true : o.after.ok)) stages.add('rewrite');
  return stages;
}

export function summarise(outcomes: FileOutcome[]): Summary {
  const failing = outcomes.filter((o) => o.truth.fails);
  const working = outcomes.filter((o) => !o.truth.fails);
  const byStage: Record<string, number> = {};
  const withoutStage: Record<string, number> = {};
  for (const stage of STAGES) {
    byStage[stage] = failing.filter((o) => caughtBy(o).has(stage)).length;
    withoutStage[stage] = failing.filter((o) => [...caughtBy(o)].some((s) => s !== stage)).length;
  }
  const byTruthClass: Record<string, number> = {};
  for (const o of failing) {
    const key = o.truth.errorClass ?? o.expected?.group ?? 'unknown';
    byTruthClass[key] = (byTruthClass[key] ?? 0) + 1;
  }
  const rewriteCounts: Record<string, number> = {};
  for (const o of outcomes) for (const c of o.rewrites) rewriteCounts[c.replace(/ \(\d+×\)$/, '')] = (rewriteCounts[c.replace(/ \(\d+×\)$/, '')] ?? 0) + 1;
  return {
    files: outcomes.length,
    failing: failing.length,
    working: working.length,
    caughtBeforeRender: failing.filter((o) => caughtBy(o).size > 0).length,
    fixedByRewrite: failing.filter((o) => o.after?.ok === true && o.rewrites.length > 0).length,
    falsePositives: working.filter((o) => o.flagged.length > 0 || o.after?.ok === false).map((o) => o.file),
    byStage,
    withoutStage,
    byTruthClass,
    rewriteCounts,
  };
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${Math.round((100 * n) / d)} %`);

export function formatReport(outcomes: FileOutcome[], summary: Summary): string {
  const lines: string[] = [];
  const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
  lines.push(`${pad('file', 34)} ${pad('truth', 16)} ${pad('rewrites', 10)} ${pad('gate', 22)} ${pad('after', 12)} first finding`);
  for (const o of outcomes) {
    const truth = o.truth.fails ? `fails ${o.truth.errorClass ?? o.expected?.group ?? ''}` : 'renders';
    const after = o.after === null ? (o.flagged.length ? 'not rendered' : '–') : o.after.ok ? 'renders' : `fails ${o.after.errorClass}`;
    lines.push(`${pad(o.file, 34)} ${pad(truth, 16)} ${pad(String(o.rewrites.length), 10)} ${pad(o.flagged.join(',') || 'passed', 22)} ${pad(after, 12)} ${(o.firstFinding ?? '').slice(0, 110)}`);
  }
  const s = summary;
  lines.push('');
  lines.push(`files ${s.files}: ${s.failing} fail when rendered as written, ${s.working} render (${outcomes[0]?.truth.source === 'render' ? 'by rendering each' : 'by their # expect: headers'})`);
  lines.push(`caught before rendering: ${s.caughtBeforeRender} of ${s.failing} failing (${pct(s.caughtBeforeRender, s.failing)})`);
  lines.push(`false positives: ${s.falsePositives.length} of ${s.working} working (${pct(s.falsePositives.length, s.working)})${s.falsePositives.length ? `: ${s.falsePositives.join(', ')}` : ''}`);
  lines.push(`fixed by a rewrite alone and rendered: ${s.fixedByRewrite}`);
  lines.push('');
  lines.push(`${pad('stage', 12)} ${pad('flagged', 9)} catch rate without it`);
  for (const stage of STAGES) lines.push(`${pad(stage, 12)} ${pad(String(s.byStage[stage]), 9)} ${pct(s.withoutStage[stage]!, s.failing)}`);
  lines.push('');
  lines.push('failing files by class of the render as written:');
  for (const [k, v] of Object.entries(s.byTruthClass).sort((a, b) => b[1] - a[1])) lines.push(`  ${pad(k, 14)} ${v}`);
  if (Object.keys(s.rewriteCounts).length) {
    lines.push('rewrites applied (files):');
    for (const [k, v] of Object.entries(s.rewriteCounts).sort((a, b) => b[1] - a[1])) lines.push(`  ${pad(k, 50)} ${v}`);
  }
  return lines.join('\n');
}
