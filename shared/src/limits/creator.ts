import { KEY_PRINCIPAL } from './ledger.js';

/**
 * Who created a video, from what the platform vouches for — never from a column or a
 * permission the creator chose freely:
 * - an event execution carries the user whose session made the write (`x-appwrite-user-id`,
 *   set by Appwrite's Functions worker from the event queue's user);
 * - an event with no user was written with the API key (the `videos` table grants create to
 *   `users` only, so no guest can): a server-side integration. It may create on behalf of a
 *   user by naming them in the row's permissions; otherwise it acts as `KEY_PRINCIPAL`;
 * - no event (the sweeper's re-delivery, a direct execution): the ledger's creation entry if
 *   an earlier execution recorded one (callers look first), else a user named in the row's
 *   permissions — a session can grant only its own user's role, the key anyone's — else
 *   nobody can say, and the video is refused.
 */
export type Creator = { kind: 'user' | 'key'; owner: string } | { kind: 'unknown' };

export function creatorOf(trigger: string, actor: string | null, permissions: readonly string[]): Creator {
  if (trigger === 'event' && actor) return { kind: 'user', owner: actor };
  const named = userNamedIn(permissions);
  if (trigger === 'event') return named ? { kind: 'key', owner: named } : { kind: 'key', owner: KEY_PRINCIPAL };
  return named ? { kind: 'user', owner: named } : { kind: 'unknown' };
}

export const UNKNOWN_CREATOR_MESSAGE =
  'Who created this video could not be established (its create event never reached the pipeline, and no user is named in its permissions). Create it again while signed in.';

/** The first user a permission list grants anything to. */
export function userNamedIn(permissions: readonly string[]): string | null {
  for (const permission of permissions) {
    const match = /^(?:read|update|delete|write)\("user:([^"/]+)"\)$/.exec(permission);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** The creator asked for a public video: `read("any")` on the row as they wrote it. */
export function askedPublic(permissions: readonly string[]): boolean {
  return permissions.includes('read("any")');
}

/**
 * Whether the pipeline makes a video's scenes and files public: the operator allows it and
 * the row (as the pipeline set it at planning) is readable by anyone.
 */
export function isPublicVideo(config: { allowPublicVideos: boolean }, video: { $permissions: readonly string[] }): boolean {
  return config.allowPublicVideos && askedPublic(video.$permissions);
}

/** A user-grantable role for the owner; the key principal is no user and is granted nothing. */
const userRole = (owner: string): string | null => (owner === KEY_PRINCIPAL ? null : `user:${owner}`);

/**
 * The video row's permissions, set by the pipeline when it accepts the video: the owner
 * reads, updates (cancel, retry) and deletes it; `read("any")` only where the operator allows
 * public videos and the creator asked for it. Whatever else the creator wrote is dropped.
 */
export function videoRowPermissions(owner: string, isPublic: boolean): string[] {
  const role = userRole(owner);
  return [...(role ? [`read("${role}")`, `update("${role}")`, `delete("${role}")`] : []), ...(isPublic ? ['read("any")'] : [])];
}

/** Scene rows: the owner reads them and may update them (that is how a re-run is asked for). */
export function sceneRowPermissions(owner: string, isPublic = false): string[] {
  const role = userRole(owner);
  return [...(role ? [`read("${role}")`, `update("${role}")`] : []), ...(isPublic ? ['read("any")'] : [])];
}

/** Files the pipeline writes: the owner reads them (the key reads anything). */
export function fileReadPermissions(owner: string, isPublic = false): string[] {
  const role = userRole(owner);
  return [...(role ? [`read("${role}")`] : []), ...(isPublic ? ['read("any")'] : [])];
}
