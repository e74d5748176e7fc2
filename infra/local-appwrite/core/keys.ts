import { randomBytes } from 'node:crypto';

// API keys. The project key holds every scope; `issue` mints short-lived keys limited to a
// function's scopes, handed to an execution in `x-appwrite-key` (Appwrite does the same with
// its dynamic keys). Issued keys live in memory: they die with the executions that hold them.
export const DEV_API_KEY = 'local-dev-key';

export type KeyInfo = { scopes: string[] };

/** Every scope Appwrite knows that this stack serves; the project key holds all of them. */
export const ALL_SCOPES: readonly string[] = [
  'sessions.write', 'users.read', 'users.write',
  'databases.read', 'databases.write', 'collections.read', 'collections.write', 'tables.read', 'tables.write',
  'attributes.read', 'attributes.write', 'columns.read', 'columns.write', 'indexes.read', 'indexes.write',
  'documents.read', 'documents.write', 'rows.read', 'rows.write',
  'files.read', 'files.write', 'buckets.read', 'buckets.write', 'tokens.read', 'tokens.write',
  'functions.read', 'functions.write', 'execution.read', 'execution.write',
];

export class Keys {
  private readonly issued = new Map<string, { scopes: string[]; expires: number }>();

  /** `extraKeys`: more project keys, each with its own scopes (as keys made in Appwrite's console). */
  constructor(readonly projectKey: string, private readonly extraKeys: Readonly<Record<string, readonly string[]>> = {}) {}

  issue(scopes: string[], ttlMs: number): string {
    // Expired keys are dropped here too, so a long-running stack does not keep every key.
    if (this.issued.size >= 1000) {
      const now = Date.now();
      for (const [k, v] of this.issued) if (v.expires < now) this.issued.delete(k);
    }
    const key = `dynamic_${randomBytes(24).toString('hex')}`;
    this.issued.set(key, { scopes: [...scopes], expires: Date.now() + ttlMs });
    return key;
  }

  revoke(key: string): void {
    this.issued.delete(key);
  }

  /** null for an unknown or expired key. */
  lookup(key: string): KeyInfo | null {
    if (key === this.projectKey) return { scopes: [...ALL_SCOPES] };
    if (Object.hasOwn(this.extraKeys, key)) return { scopes: [...this.extraKeys[key]!] };
    const found = this.issued.get(key);
    if (!found) return null;
    if (found.expires < Date.now()) {
      this.issued.delete(key);
      return null;
    }
    return { scopes: found.scopes };
  }
}
