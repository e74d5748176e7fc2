import { hasScope, missingScopes, type Auth } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import type { ScopeLabel } from '../core/scopes.js';
import { grants, type Action } from '../core/permissions.js';
import type { Table } from '../schema/catalog.js';

// Who may touch a row: API keys by scope, users and guests by the table's permissions and,
// with row security on, the row's own.

export function canReadRow(auth: Auth, table: Table, perms: string[]): boolean {
  if (auth.kind === 'key') return true;
  return grants(table.$permissions, 'read', auth.roles) || (table.rowSecurity && grants(perms, 'read', auth.roles));
}

export function authorizeTable(auth: Auth, table: Table, action: Action, scope: ScopeLabel): void {
  if (auth.kind === 'key') return requireKeyScope(auth, scope);
  if (!grants(table.$permissions, action, auth.roles)) throw unauthorized();
}

export function authorizeRow(auth: Auth, table: Table, perms: string[], action: Action, scope: ScopeLabel): void {
  if (auth.kind === 'key') return requireKeyScope(auth, scope);
  if (grants(table.$permissions, action, auth.roles)) return;
  if (table.rowSecurity && grants(perms, action, auth.roles)) return;
  throw unauthorized();
}

/** Users and guests pass to the permission checks; a key needs one of the route's labels. */
export function requireKeyScope(auth: Auth, scope: ScopeLabel): void {
  if (auth.kind === 'key' && !hasScope(auth, scope)) throw missingScopes(auth, scope);
}

/** Bulk calls: API keys only, as on Appwrite. */
export function requireKey(auth: Auth, scope: ScopeLabel): void {
  if (auth.kind !== 'key') throw new AppwriteError(401, 'general_unauthorized_scope', `${auth.kind === 'user' ? 'User (role: users)' : 'User (role: guests)'} missing scopes (${JSON.stringify(scope)})`);
  requireKeyScope(auth, scope);
}

export function unauthorized(): AppwriteError {
  return new AppwriteError(401, 'user_unauthorized', 'The current user is not authorized to perform the requested action.');
}
