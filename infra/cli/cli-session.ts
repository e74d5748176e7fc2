import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CliConfig } from './config.js';

/**
 * The CLI's own user. Appwrite's Realtime accepts a user session, never an API key (open
 * feature request appwrite/appwrite#7676), and only delivers rows that user may read. So the
 * CLI signs in anonymously once per endpoint and project, keeps the session secret in its
 * state directory (mode 600), and grants that user read access to the videos it creates.
 */
export type CliSession = { userId: string; secret: string };

const Stored = z.record(z.string(), z.object({ userId: z.string(), secret: z.string() }));
const SessionAnswer = z.looseObject({ userId: z.string(), secret: z.string().optional() });
const AccountAnswer = z.looseObject({ $id: z.string() });

export async function obtainCliSession(config: CliConfig): Promise<CliSession> {
  const file = join(config.stateDir, 'sessions.json');
  const slot = `${config.endpoint}|${config.projectId}`;
  const stored = readStored(file);
  const known = stored[slot];
  if (known && (await isAlive(config, known))) return known;

  const fresh = await createAnonymousSession(config);
  stored[slot] = fresh;
  mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return fresh;
}

async function createAnonymousSession(config: CliConfig): Promise<CliSession> {
  const res = await fetch(`${config.endpoint}/account/sessions/anonymous`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-appwrite-project': config.projectId },
    body: '{}',
  });
  const body: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const message = (body as { message?: unknown }).message;
    throw new Error(`anonymous sign-in refused (${res.status}${typeof message === 'string' ? `: ${message}` : ''})`);
  }
  const session = SessionAnswer.parse(body);
  // Without an API key Appwrite leaves `secret` empty in the body and sends it as the cookie.
  const secret = session.secret || cookieSecret(res.headers.getSetCookie(), `a_session_${config.projectId}`);
  if (!secret) throw new Error('the server returned a session without a secret');
  return { userId: session.userId, secret };
}

async function isAlive(config: CliConfig, session: CliSession): Promise<boolean> {
  try {
    const res = await fetch(`${config.endpoint}/account`, {
      headers: { 'x-appwrite-project': config.projectId, 'x-appwrite-session': session.secret },
    });
    if (!res.ok) return false;
    return AccountAnswer.parse(await res.json()).$id === session.userId;
  } catch {
    return false;
  }
}

function cookieSecret(setCookies: string[], name: string): string {
  for (const line of setCookies) {
    const first = line.split(';')[0] ?? '';
    const eq = first.indexOf('=');
    if (eq > 0 && first.slice(0, eq).trim() === name) return decodeURIComponent(first.slice(eq + 1).trim());
  }
  return '';
}

function readStored(file: string): z.infer<typeof Stored> {
  try {
    return Stored.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}
