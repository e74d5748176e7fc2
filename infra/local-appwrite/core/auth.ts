import type { IncomingHttpHeaders } from 'node:http';
import { AppwriteError } from './errors.js';
import type { Keys } from './keys.js';
import type { ScopeLabel } from './scopes.js';

// Who is calling. Roles are spelled as Appwrite spells them in permissions:
// `any`, `guests`, `users`, `user:<id>`.
export type Auth =
  | { kind: 'key'; scopes: string[] }
  | { kind: 'user'; userId: string; roles: string[] }
  | { kind: 'guest'; roles: string[] };

export type ResolveAuth = (headers: IncomingHttpHeaders) => Auth;

/** Looks a session secret up; the accounts module provides it (sessions persist in SQLite). */
export type SessionLookup = (secret: string) => { userId: string } | null;

export const guestAuth = (): Auth => ({ kind: 'guest', roles: ['any', 'guests'] });
export const userRoles = (userId: string): string[] => ['any', 'users', `user:${userId}`];

/** The cookie Appwrite sets for a session of this project. */
export const sessionCookieName = (projectId: string): string => `a_session_${projectId}`;

// Order matches Appwrite: an API key wins; else a session from `x-appwrite-session`
// (server SDK `setSession`), the session cookie, or the `X-Fallback-Cookies` JSON the web SDK
// keeps in localStorage when third-party cookies are blocked. Anything unknown is a guest,
// as on Appwrite (an invalid key is not an error until a scope or permission is missing).
export function createAuthResolver(projectId: string, keys: Keys, sessions: SessionLookup): ResolveAuth {
  const cookieName = sessionCookieName(projectId);
  return (headers) => {
    const key = header(headers, 'x-appwrite-key');
    if (key) {
      const info = keys.lookup(key);
      if (info) return { kind: 'key', scopes: info.scopes };
    }
    const secret =
      header(headers, 'x-appwrite-session') ||
      readCookie(header(headers, 'cookie'), cookieName) ||
      readFallbackCookie(header(headers, 'x-fallback-cookies'), cookieName);
    if (secret) {
      const session = sessions(secret);
      if (session) return { kind: 'user', userId: session.userId, roles: userRoles(session.userId) };
    }
    return guestAuth();
  };
}

/** Roles a permission check compares against; a key bypasses permissions and has none. */
export function authRoles(auth: Auth): string[] {
  return auth.kind === 'key' ? [] : auth.roles;
}

/** True when `auth` is a key holding one of the route's scope labels (see scopes.ts). */
export function hasScope(auth: Auth, label: string | ScopeLabel): boolean {
  if (auth.kind !== 'key') return false;
  const allowed = typeof label === 'string' ? [label] : label;
  return allowed.some((scope) => auth.scopes.includes(scope));
}

/** For key-only (management) routes: a key holding one of the labels, else 401 as Appwrite answers. */
export function requireScope(auth: Auth, label: string | ScopeLabel): void {
  if (hasScope(auth, label)) return;
  throw missingScopes(auth, label);
}

/** Appwrite's 401 `general_unauthorized_scope`, naming every label the route accepts. */
export function missingScopes(auth: Auth, label: string | ScopeLabel): AppwriteError {
  const who = auth.kind === 'user' ? `user:${auth.userId} (role: users)` : auth.kind === 'key' ? 'app (role: applications)' : 'User (role: guests)';
  return new AppwriteError(401, 'general_unauthorized_scope', `${who} missing scopes (${JSON.stringify(typeof label === 'string' ? [label] : label)})`);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function readFallbackCookie(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object') {
      const secret = (parsed as Record<string, unknown>)[name];
      if (typeof secret === 'string' && secret) return secret;
    }
  } catch {
    // A malformed fallback header is treated as absent, as Appwrite does.
  }
  return undefined;
}
