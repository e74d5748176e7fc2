import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import type { RenderConfig } from './config.js';
import { failure, type RenderErrorClass, type RenderFailure } from './contract.js';

/** What a finding is about: the sandbox's first wall, old-API shape, the installed Manim's API, run time, or parsing. */
export const GateErrorKind = z.enum(['security', 'structure', 'api', 'estimate', 'syntax', 'setup', 'usage']);
export type GateErrorKind = z.infer<typeof GateErrorKind>;

export const GateError = z.object({ line: z.number().int(), message: z.string(), kind: GateErrorKind.default('security') });
export type GateError = z.infer<typeof GateError>;

export const GateResult = z.object({
  ok: z.boolean(),
  errors: z.array(GateError),
  /** The real signatures of the Manim classes the API findings name. */
  notes: z.array(z.string()).default([]),
  /** The static estimate of the animations' length, when the scene could be read. */
  estimated_seconds: z.number().nullable().default(null),
  /** The Tex/MathTex strings of a passed scene that compile on their own (tex-check.ts). */
  tex: z.array(z.object({ line: z.number().int(), kind: z.enum(['Tex', 'MathTex']), strings: z.array(z.string()), environment: z.string().nullable() })).default([]),
});
export type TexItem = GateResult['tex'][number];
export type GateResult = z.infer<typeof GateResult>;

/** The manifest of the installed Manim's API, written into the venv by infra/setup/ensure.sh. */
export function apiManifestPath(venv: string): string {
  return join(venv, 'manim-api.json');
}

const GATE_TIMEOUT_MS = 20_000;

/**
 * Runs the AST gate (shared/python/gate.py) on scene code. It only parses, never executes,
 * so it runs outside the sandbox; it still gets a timeout and stdin/stdout only.
 */
export async function gateCode(code: string, className: string, config: Pick<RenderConfig, 'venv' | 'gateScript'>): Promise<GateResult> {
  const python = join(config.venv, 'bin/python');
  const child = spawn(python, ['-I', config.gateScript, '--class', className, '--manifest', apiManifestPath(config.venv)], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const timer = setTimeout(() => child.kill('SIGKILL'), GATE_TIMEOUT_MS);
  const exit = new Promise<number | null>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolveExit(status));
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(code);
  try {
    await exit;
  } finally {
    clearTimeout(timer);
  }
  const text = Buffer.concat(out).toString('utf8').trim();
  try {
    return GateResult.parse(JSON.parse(text));
  } catch {
    const why = Buffer.concat(err).toString('utf8').trim().split('\n').pop() ?? 'no output';
    throw new Error(`the AST gate did not answer (${why})`);
  }
}

/**
 * The form the LLM sees on a retry: the real signatures first, then one line per problem.
 * The findings come last because a retry prompt keeps the end of a long error.
 */
export function describeGateErrors(result: GateResult): string {
  const problems = result.errors.map((e) => (e.line > 0 ? `line ${e.line}: ${e.message}` : e.message));
  const notes = result.notes.length ? [`The real signatures in the installed Manim:`, ...result.notes.map((n) => `  ${n}`), 'Problems found before rendering (fix all of them):'] : [];
  return [...notes, ...problems].join('\n');
}

/** The class of a refused scene: syntax before security before old-API shape before API before run time. */
export function gateErrorClass(result: GateResult): RenderErrorClass {
  const kinds = new Set(result.errors.map((e) => e.kind));
  if (kinds.has('setup') || kinds.has('usage')) return 'internal';
  if (kinds.has('syntax')) return 'syntax';
  if (kinds.has('security') || kinds.has('structure')) return 'gate';
  if (kinds.has('api')) return 'api';
  return 'timeout';
}

/** A refused scene as a render failure: its first problem as the message, all of them for the LLM. */
export function gateFailure(result: GateResult): RenderFailure {
  const text = describeGateErrors(result);
  const first = result.errors[0];
  const message = first ? (first.line > 0 ? `line ${first.line}: ${first.message}` : first.message) : 'the gate refused the scene';
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
  return failure(gateErrorClass(result), `${message}${more}`, { traceback: text, log: text });
}
