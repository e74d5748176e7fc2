import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project's Python (with Manim) for tests that check generated code. */
export const projectPython = fileURLToPath(new URL('../../../../.venv/bin/python', import.meta.url));
export const hasProjectPython = existsSync(projectPython);

/** Runs a Python snippet with a JSON value on stdin and returns its parsed JSON output. */
export function runPythonJson<T>(script: string, input: unknown): T {
  const out = execFileSync(projectPython, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', timeout: 60_000 });
  // Manim may log to stdout on import; the answer is the last line.
  const last = out.trimEnd().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}
