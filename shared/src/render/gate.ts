import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import type { RenderConfig } from './config.js';

export const GateError = z.object({ line: z.number().int(), message: z.string() });
export type GateError = z.infer<typeof GateError>;

export const GateResult = z.object({ ok: z.boolean(), errors: z.array(GateError) });
export type GateResult = z.infer<typeof GateResult>;

const GATE_TIMEOUT_MS = 20_000;

/**
 * Runs the AST gate (shared/python/gate.py) on scene code. It only parses, never executes,
 * so it runs outside the sandbox; it still gets a timeout and stdin/stdout only.
 */
export async function gateCode(code: string, className: string, config: Pick<RenderConfig, 'venv' | 'gateScript'>): Promise<GateResult> {
  const python = join(config.venv, 'bin/python');
  const child = spawn(python, ['-I', config.gateScript, '--class', className], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
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

/** One line per problem, the form the LLM sees on a retry. */
export function describeGateErrors(result: GateResult): string {
  return result.errors.map((e) => (e.line > 0 ? `line ${e.line}: ${e.message}` : e.message)).join('\n');
}
