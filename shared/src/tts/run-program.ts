import { spawn } from 'node:child_process';

export type ProgramResult = { code: number | null; stdout: Buffer; stderr: string; timedOut: boolean };

/**
 * Runs a local voice engine as a separate program (piper and espeak-ng are GPL-3: we talk to
 * them over pipes, never link them). Text goes in on stdin, never on the command line, so a
 * sentence that starts with "-" is still a sentence. Only PATH and HOME are passed on: the
 * function's environment holds API keys.
 */
export function runProgram(command: string, args: readonly string[], opts: { stdin: string; timeoutMs: number; env?: Record<string, string>; signal?: AbortSignal }): Promise<ProgramResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...opts.env },
    });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs);
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => { if (err.length < 8192) err += b.toString('utf8'); });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolveRun({ code, stdout: Buffer.concat(out), stderr: err, timedOut });
    });
    // A program that exits before reading all of stdin must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin);
  });
}
