import { readCookie, sessionCookieName } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import type { RequestContext, Router } from '../core/router.js';
import type { Accounts, SessionJson } from './accounts.js';

// /v1/account (the signed-in user's own routes) and the key-only /v1/users basics.

export function registerAccountRoutes(router: Router, accounts: Accounts): void {
  // Signing up is allowed with a session open (Appwrite refuses only new sessions then).
  router.add('POST', '/v1/account', (ctx) => {
    const user = accounts.createUser(ctx.body);
    ctx.json(user, 201);
  });

  router.add('GET', '/v1/account', (ctx) => accounts.getUser(requireUser(ctx)));

  router.add('POST', '/v1/account/sessions/anonymous', (ctx) => {
    if (ctx.auth.kind === 'user') throw sessionActive();
    const user = accounts.createUser({});
    replySession(ctx, accounts.createSession(user.$id, 'anonymous', clientIp(ctx)));
  });

  const emailSession = (ctx: RequestContext) => {
    if (ctx.auth.kind === 'user') throw sessionActive();
    const userId = accounts.verifyPassword(ctx.body.email, ctx.body.password);
    replySession(ctx, accounts.createSession(userId, 'email', clientIp(ctx)));
  };
  router.add('POST', '/v1/account/sessions/email', emailSession);

  router.add('GET', '/v1/account/sessions', (ctx) => {
    const userId = requireUser(ctx);
    const current = currentSecret(ctx);
    const sessions = accounts.listSessions(userId).map((s) => ({ ...s, current: current !== undefined && isCurrent(s, userId, current) }));
    return { total: sessions.length, sessions };
  });

  router.add('GET', '/v1/account/sessions/:sessionId', (ctx) => {
    const userId = requireUser(ctx);
    return accounts.findSession(userId, ctx.params.sessionId!, currentSecret(ctx));
  });

  router.add('DELETE', '/v1/account/sessions/:sessionId', (ctx) => {
    const userId = requireUser(ctx);
    const session = accounts.findSession(userId, ctx.params.sessionId!, currentSecret(ctx));
    accounts.deleteSession(userId, session.$id);
    const name = sessionCookieName(ctx.projectId);
    const current = ctx.params.sessionId === 'current' || isCurrent(session, userId, currentSecret(ctx));
    const headers: Record<string, string | string[]> = {};
    if (current) {
      headers['set-cookie'] = [`${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax`];
      headers['x-fallback-cookies'] = '{}';
    }
    ctx.send(204, headers);
  });

  router.add('DELETE', '/v1/account/sessions', (ctx) => {
    const userId = requireUser(ctx);
    for (const s of accounts.listSessions(userId)) accounts.deleteSession(userId, s.$id);
    ctx.send(204, { 'set-cookie': [`${sessionCookieName(ctx.projectId)}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax`], 'x-fallback-cookies': '{}' });
  });

  // Server-side user management, key only (tests and tools create users this way).
  router.add('POST', '/v1/users', (ctx) => {
    requireKey(ctx, 'users.write');
    ctx.json(accounts.createUser(ctx.body), 201);
  });
  router.add('GET', '/v1/users', (ctx) => {
    requireKey(ctx, 'users.read');
    const users = accounts.listUsers();
    return { total: users.length, users };
  });
  router.add('GET', '/v1/users/:userId', (ctx) => {
    requireKey(ctx, 'users.read');
    return accounts.getUser(ctx.params.userId!);
  });
  router.add('DELETE', '/v1/users/:userId', (ctx) => {
    requireKey(ctx, 'users.write');
    accounts.deleteUser(ctx.params.userId!);
  });
  router.add('POST', '/v1/users/:userId/sessions', (ctx) => {
    requireKey(ctx, 'users.write');
    accounts.getUser(ctx.params.userId!);
    ctx.json(accounts.createSession(ctx.params.userId!, 'email', clientIp(ctx)), 201);
  });

  function isCurrent(session: SessionJson, userId: string, secret: string | undefined): boolean {
    if (!secret) return false;
    try {
      return accounts.findSession(userId, 'current', secret).$id === session.$id;
    } catch {
      return false;
    }
  }
}

// Appwrite hands the secret back in the body only to API-key callers (server SDK);
// browsers get it as the session cookie and in X-Fallback-Cookies.
function replySession(ctx: RequestContext, session: SessionJson): void {
  const name = sessionCookieName(ctx.projectId);
  const expires = new Date(String(session.expire)).toUTCString();
  const body = ctx.auth.kind === 'key' ? session : { ...session, secret: '' };
  ctx.send(201, {
    'content-type': 'application/json',
    'set-cookie': [`${name}=${session.secret}; Expires=${expires}; Path=/; HttpOnly; SameSite=Lax`],
    'x-fallback-cookies': JSON.stringify({ [name]: session.secret }),
  }, JSON.stringify(body));
}

function requireUser(ctx: RequestContext): string {
  if (ctx.auth.kind === 'user') return ctx.auth.userId;
  throw new AppwriteError(401, 'general_unauthorized_scope', 'User (role: guests) missing scopes (["account"])');
}

function requireKey(ctx: RequestContext, scope: string): void {
  if (ctx.auth.kind === 'key' && ctx.auth.scopes.includes(scope)) return;
  throw new AppwriteError(401, 'general_unauthorized_scope', `${ctx.auth.kind === 'user' ? 'User (role: users)' : 'User (role: guests)'} missing scopes (["${scope}"])`);
}

function sessionActive(): AppwriteError {
  return new AppwriteError(401, 'user_session_already_exists', 'Creation of a session is prohibited when a session is active.');
}

function currentSecret(ctx: RequestContext): string | undefined {
  const name = sessionCookieName(ctx.projectId);
  const direct = ctx.header('x-appwrite-session') || readCookie(ctx.header('cookie'), name);
  if (direct) return direct;
  const fallback = ctx.header('x-fallback-cookies');
  if (!fallback) return undefined;
  try {
    const parsed = JSON.parse(fallback) as Record<string, unknown>;
    return typeof parsed[name] === 'string' ? parsed[name] : undefined;
  } catch {
    return undefined;
  }
}

function clientIp(ctx: RequestContext): string {
  return ctx.req.socket.remoteAddress ?? '';
}
