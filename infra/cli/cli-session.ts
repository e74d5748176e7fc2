import { randomBytes } from 'node:crypto';
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
  const slot = `${config.endpoint}|${config.projectId}|${config.account?.email ?? 'anonymous'}`;
  const stored = readStored(file);
  const known = stored[slot];
  if (known && (await isAlive(config, known))) return known;

  const fresh = config.account ? await createEmailSession(config, config.account) : await createAnonymousSession(config);
  stored[slot] = fresh;
  mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return fresh;
}

async function createAnonymousSession(config: CliConfig): Promise<CliSession> {
  return signIn(config, 'sessions/anonymous', {}, 'anonymous sign-in');
}

/** Signs in; on the first run the account does not exist yet, so it is created. */
async function createEmailSession(config: CliConfig, account: { email: string; password: string }): Promise<CliSession> {
  try {
    return await signIn(config, 'sessions/email', account, `sign-in as ${account.email}`);
  } catch (err) {
    if (!(err instanceof SignInError && err.status === 401)) throw err;
  }
  const created = await call(config, '', { userId: randomBytes(10).toString('hex'), email: account.email, password: account.password, name: 'explainer CLI' });
  if (!created.res.ok && created.res.status !== 409) throw new SignInError(created.res.status, `creating the account ${account.email} was refused${messageOf(created.body)}`);
  return signIn(config, 'sessions/email', account, `sign-in as ${account.email}`);
}

class SignInError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function call(config: CliConfig, path: string, payload: Record<string, unknown>): Promise<{ res: Response; body: unknown }> {
  const res = await fetch(`${config.endpoint}/account${path ? `/${path}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-appwrite-project': config.projectId },
    body: JSON.stringify(payload),
  });
  return { res, body: await res.json().catch(() => ({})) };
}

function messageOf(body: unknown): string {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? `: ${message}` : '';
}

async function signIn(config: CliConfig, path: string, payload: Record<string, unknown>, what: string): Promise<CliSession> {
  const { res, body } = await call(config, path, payload);
  if (!res.ok) throw new SignInError(res.status, `${what} refused (${res.status}${messageOf(body)})`);
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
