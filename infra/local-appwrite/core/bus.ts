// The change bus: storage emits one Change per affected row or file, after the write has
// committed; the runtime (helper B) turns each into event names, function triggers and
// Realtime messages.
export type Change = {
  resource: 'row' | 'file';
  action: 'create' | 'update' | 'delete';
  databaseId?: string;
  tableId?: string;
  bucketId?: string;
  id: string;
  /** the row or file JSON exactly as the REST API returns it */
  payload: Record<string, unknown>;
  /** roles that may read it: `any`, `users`, `guests`, `user:<id>`; for key-only resources, empty */
  readRoles: string[];
  /**
   * The user whose session made the write; absent for API keys (the project's and the
   * functions' execution keys) and guests. Appwrite hands the event queue's user to the
   * Functions worker, which sends its id as `x-appwrite-user-id` (empty when there is none).
   */
  userId?: string;
};

/** The actor a Change records for a caller: only a user session has one. */
export function actorOf(auth: { kind: string; userId?: string }): { userId?: string } {
  return auth.kind === 'user' && auth.userId ? { userId: auth.userId } : {};
}

export type ChangeListener = (change: Change) => void;

export class ChangeBus {
  private readonly listeners = new Set<ChangeListener>();

  /** Returns a function that removes the listener. */
  on(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: Change): void {
    for (const listener of this.listeners) {
      // A failing listener must not undo or block a committed write.
      try {
        listener(change);
      } catch (err) {
        console.error('bus.listener_failed', err instanceof Error ? err.message : String(err));
      }
    }
  }
}
