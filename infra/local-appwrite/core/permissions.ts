import type { Auth } from './auth.js';
import { AppwriteError } from './errors.js';

// Appwrite permission strings: `read("any")`, `update("user:abc")`, … `write` is the old
// alias for create + update + delete. Used for rows and files alike.
export type Action = 'read' | 'create' | 'update' | 'delete';
const PERMISSION = /^(read|create|update|delete|write)\("([^"]+)"\)$/;

/**
 * Checks and normalises the permissions a caller asked for. Without a key a caller may only
 * grant roles it holds itself (Appwrite answers 401 otherwise). `create` has no meaning on
 * a row or file, so it is dropped there (`allowCreate` false), as Appwrite does.
 */
export function normalisePermissions(input: unknown, auth: Auth, allowCreate = false): string[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw new AppwriteError(400, 'general_argument_invalid', 'Invalid `permissions` param: Value must a valid array and Each value must be a valid permission string');
  const out = new Set<string>();
  for (const item of input) {
    const match = typeof item === 'string' ? PERMISSION.exec(item.trim()) : null;
    if (!match) {
      throw new AppwriteError(400, 'general_argument_invalid', `Invalid \`permissions\` param: Permission "${String(item)}" is not allowed. Must be one of: read, create, update, delete, write.`);
    }
    const [, action, role] = match as unknown as [string, string, string];
    if (auth.kind !== 'key' && !auth.roles.includes(role)) {
      throw new AppwriteError(401, 'user_unauthorized', `Permissions must be one of: (${auth.roles.join(', ')})`);
    }
    const actions = action === 'write' ? ['update', 'delete', ...(allowCreate ? ['create'] : [])] : [action];
    for (const a of actions) if (allowCreate || a !== 'create') out.add(`${a}("${role}")`);
  }
  return [...out];
}

/** What a user gets on a row or file it created without naming permissions. */
export function defaultPermissions(auth: Auth): string[] {
  if (auth.kind !== 'user') return [];
  const role = `user:${auth.userId}`;
  return [`read("${role}")`, `update("${role}")`, `delete("${role}")`];
}

export function grants(permissions: readonly string[], action: Action, roles: readonly string[]): boolean {
  for (const role of roles) if (permissions.includes(`${action}("${role}")`)) return true;
  return false;
}

/** Roles named by `read(...)` entries, for the change bus. */
export function readRolesOf(permissions: readonly string[]): string[] {
  const roles: string[] = [];
  for (const p of permissions) {
    const m = PERMISSION.exec(p);
    if (m && m[1] === 'read') roles.push(m[2]!);
  }
  return roles;
}

/** The `read("role")` strings a caller's roles would match, for SQL filtering. */
export function readGrantsFor(roles: readonly string[]): string[] {
  return roles.map((r) => `read("${r}")`);
}
