/**
 * The log file of a failed attempt (bucket `logs`): plain text a person can read in the
 * dashboard, in sections the next code attempt can take apart again.
 */
const CODE = '--- code ---';
const TRACEBACK = '--- traceback ---';
const LOG = '--- log ---';

export type AttemptLog = { errorClass: string; message: string; traceback?: string; code?: string; log?: string };

export function formatAttemptLog(entry: AttemptLog): string {
  const parts = [`${entry.errorClass}: ${entry.message}`];
  if (entry.traceback) parts.push(`${TRACEBACK}\n${entry.traceback}`);
  if (entry.code) parts.push(`${CODE}\n${entry.code}`);
  if (entry.log) parts.push(`${LOG}\n${entry.log.slice(-20_000)}`);
  return `${parts.join('\n\n')}\n`;
}

export function parseAttemptLog(text: string): { error: string; code?: string } {
  const section = (name: string) => {
    const start = text.indexOf(`${name}\n`);
    if (start < 0) return undefined;
    const body = text.slice(start + name.length + 1);
    const next = [CODE, TRACEBACK, LOG].map((n) => body.indexOf(`\n\n${n}\n`)).filter((i) => i >= 0);
    return (next.length ? body.slice(0, Math.min(...next)) : body).replace(/\n+$/, '');
  };
  const firstSection = [CODE, TRACEBACK, LOG].map((n) => text.indexOf(`${n}\n`)).filter((i) => i >= 0);
  const head = (firstSection.length ? text.slice(0, Math.min(...firstSection)) : text).trim();
  const traceback = section(TRACEBACK);
  const code = section(CODE);
  return { error: traceback ? `${head}\n${traceback}` : head, ...(code !== undefined ? { code } : {}) };
}
