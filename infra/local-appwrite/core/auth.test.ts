import { describe, expect, it } from 'vitest';
import { createAuthResolver, hasScope, requireScope } from './auth.js';
import { Keys } from './keys.js';

// The resolver B uses for WebSocket upgrades too: key, then session (header, cookie,
// X-Fallback-Cookies); anything unknown is a guest, never an error.
const keys = new Keys('project-key');
const sessions = (secret: string) => (secret === 'good-secret' ? { userId: 'u1' } : null);
const resolve = createAuthResolver('local', keys, sessions);
const user = { kind: 'user', userId: 'u1', roles: ['any', 'users', 'user:u1'] };
const guest = { kind: 'guest', roles: ['any', 'guests'] };

describe('resolveAuth', () => {
  it('finds the session in each place a client may put it', () => {
    expect(resolve({ 'x-appwrite-session': 'good-secret' })).toEqual(user);
    expect(resolve({ cookie: 'other=1; a_session_local=good-secret' })).toEqual(user);
    expect(resolve({ 'x-fallback-cookies': JSON.stringify({ a_session_local: 'good-secret' }) })).toEqual(user);
  });

  it('treats unknown secrets, other projects and malformed headers as a guest', () => {
    expect(resolve({ 'x-appwrite-session': 'bad' })).toEqual(guest);
    expect(resolve({ cookie: 'a_session_other=good-secret' })).toEqual(guest);
    expect(resolve({ 'x-fallback-cookies': '{not json' })).toEqual(guest);
    expect(resolve({ 'x-appwrite-key': 'wrong' })).toEqual(guest);
  });

  it('lets a valid key win over a session and limits issued keys to their scopes', () => {
    expect(resolve({ 'x-appwrite-key': 'project-key', 'x-appwrite-session': 'good-secret' }).kind).toBe('key');
    const limited = resolve({ 'x-appwrite-key': keys.issue(['rows.read'], 60_000) });
    expect(hasScope(limited, 'rows.read')).toBe(true);
    // No aliases: a route accepts the labels it declares, and only those (core/scopes.ts).
    expect(hasScope(limited, ['documents.read'])).toBe(false);
    expect(hasScope(limited, ['rows.read', 'documents.read'])).toBe(true);
    expect(hasScope(limited, 'rows.write')).toBe(false);
    expect(() => requireScope(limited, 'buckets.write')).toThrow(/missing scopes/);
    expect(() => requireScope(resolve({}), 'rows.read')).toThrow(expect.objectContaining({ code: 401, type: 'general_unauthorized_scope' }));
  });
});
