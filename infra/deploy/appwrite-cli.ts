import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The real CLI from the appwrite-cli package (12.x), run with this Node. */
export const APPWRITE_CLI = require.resolve('appwrite-cli');

export type CliRun = { code: number; output: string };

export type CliRunner = (args: string[]) => Promise<CliRun>;

/**
 * Runs `appwrite …` in `cwd` with `home` as HOME, so its `~/.appwrite/prefs.json` (endpoint,
 * key) lives in a throw-away folder, never the user's. Output is collected and returned with
 * every secret replaced, so it can be shown when a step fails.
 */
export function appwriteCli(cwd: string, home: string, secrets: string[], onLine?: (line: string) => void): CliRunner {
  const redact = (text: string) => secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('***'), text);
  return (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [APPWRITE_CLI, ...args], {
        cwd,
        // Nothing of this process's environment: the CLI needs no PATH (it is started with this
        // Node) and must not see keys meant for the functions.
        env: { HOME: home, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1', TERM: 'dumb' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      let pending = '';
      const take = (chunk: Buffer) => {
        const text = redact(chunk.toString());
        output += text;
        if (!onLine) return;
        pending += text;
        const lines = pending.split(/\r?\n|\r/);
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) onLine(line);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('error', reject);
      child.on('close', (code) => {
        if (onLine && pending.trim()) onLine(pending);
        resolve({ code: code ?? 1, output });
      });
    });
}
