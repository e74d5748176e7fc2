import type { IncomingHttpHeaders } from 'node:http';
import { AppwriteError } from './errors.js';
import type { Keys } from './keys.js';

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

// Appwrite 1.8 renamed collections→tables, documents→rows, attributes→columns and accepts
// either spelling of a scope on both API families.
const SCOPE_ALIASES: Record<string, string> = {
  'rows.read': 'documents.read', 'rows.write': 'documents.write',
  'documents.read': 'rows.read', 'documents.write': 'rows.write',
  'tables.read': 'collections.read', 'tables.write': 'collections.write',
  'collections.read': 'tables.read', 'collections.write': 'tables.write',
  'columns.read': 'attributes.read', 'columns.write': 'attributes.write',
  'attributes.read': 'columns.read', 'attributes.write': 'columns.write',
};

export function hasScope(auth: Auth, scope: string): boolean {
  if (auth.kind !== 'key') return false;
  const alias = SCOPE_ALIASES[scope];
  return auth.scopes.includes(scope) || (alias !== undefined && auth.scopes.includes(alias));
}

/** For key-only (management) routes: a key holding `scope`, else 401 as Appwrite answers. */
export function requireScope(auth: Auth, scope: string): void {
  if (hasScope(auth, scope)) return;
  const who = auth.kind === 'user' ? `user:${auth.userId} (role: users)` : auth.kind === 'key' ? 'app (role: applications)' : 'User (role: guests)';
  throw new AppwriteError(401, 'general_unauthorized_scope', `${who} missing scopes (["${scope}"])`);
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
