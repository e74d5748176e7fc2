import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { requireScope, type Auth } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import { parseQueries } from '../tables/queries.js';
import { formatDate } from '../store/ids.js';
import type { Db } from '../store/sqlite.js';
import type { Files } from './files.js';

// File tokens (Appwrite's resource tokens, 1.8.1): a key with `tokens.write` creates one for
// a file; its `secret` is an HS256 JWT naming the token, and `?token=<secret>` on the file's
// view/download/preview grants read access to that one file. As in Appwrite
// (src/Appwrite/Platform/Modules/Tokens/**, app/init/resources.php `resourceToken`,
// app/controllers/api/storage.php, src/Appwrite/Utopia/Response/Model/ResourceToken.php):
// - create/list/get/update/delete are guarded by `tokens.write`/`tokens.read`, which the users
//   role does not hold (app/config/roles.php): only keys (and console admins) manage tokens;
// - the token points at the file's internal sequence, so a file deleted and created again
//   under the same id is not opened by an old token (tokens are not deleted with the file);
// - a token that does not verify, names no stored token, or is past its `expire` is ignored:
//   the request goes on as if it had none (and fails as the caller's own permissions say).

const ALGORITHM = 'HS256';
/** RESOURCE_TOKEN_MAX_AGE (10 years) and RESOURCE_TOKEN_LEEWAY (10 s), app/init/constants.php. */
const MAX_AGE_SECONDS = 86400 * 365 * 10;
const LEEWAY_SECONDS = 10;
export const TOKENS_RESOURCE_TYPE_FILES = 'files';

export type ResourceTokenJson = {
  $id: string; $createdAt: string; resourceId: string; resourceType: string;
  expire: string | null; secret: string; accessedAt: string;
};
type StoredToken = Omit<ResourceTokenJson, 'secret'> & { resourceInternalId: string };

/** What a valid token grants: read access to this one file. */
export type FileGrant = { bucketId: string; fileId: string; fileSeq: number };

export class FileTokens {
  private readonly key: Buffer;

  constructor(private readonly db: Db, private readonly files: Files, private readonly now: () => Date = () => new Date()) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS resource_tokens (id TEXT PRIMARY KEY, resource_internal_id TEXT NOT NULL, json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    // The signing key (Appwrite's _APP_OPENSSL_KEY_V1) persists with the data, so a URL stored
    // in a row keeps working after a restart.
    db.prepare("INSERT OR IGNORE INTO server_secrets (name, value) VALUES ('resource-tokens', ?)").run(randomBytes(32).toString('hex'));
    const row = db.prepare<[], { value: string }>("SELECT value FROM server_secrets WHERE name = 'resource-tokens'").get();
    this.key = Buffer.from(row!.value, 'hex');
  }

  create(auth: Auth, bucketId: string, fileId: string, expire: unknown): ResourceTokenJson {
    requireScope(auth, 'tokens.write');
    const until = futureDate(expire, this.now());
    const seq = this.files.sequence(auth, bucketId, fileId);
    const token: StoredToken = {
      $id: randomBytes(10).toString('hex'), $createdAt: formatDate(this.now()),
      resourceId: `${bucketId}:${fileId}`, resourceType: TOKENS_RESOURCE_TYPE_FILES, resourceInternalId: `${bucketId}:${seq}`,
      expire: until, accessedAt: '',
    };
    this.db.prepare('INSERT INTO resource_tokens (id, resource_internal_id, json) VALUES (?, ?, ?)').run(token.$id, token.resourceInternalId, JSON.stringify(token));
    return this.output(token);
  }

  list(auth: Auth, bucketId: string, fileId: string, queries: unknown): { total: number; tokens: ResourceTokenJson[] } {
    requireScope(auth, 'tokens.read');
    const seq = this.files.sequence(auth, bucketId, fileId);
    let limit = 25;
    let offset = 0;
    for (const q of parseQueries(queries)) {
      if (q.method === 'limit') limit = Number(q.values?.[0]);
      else if (q.method === 'offset') offset = Number(q.values?.[0]);
      else throw new AppwriteError(400, 'general_query_invalid', `Invalid query: Query method not valid: ${q.method}`);
    }
    const all = this.db
      .prepare<[string], { json: string }>('SELECT json FROM resource_tokens WHERE resource_internal_id = ? ORDER BY rowid')
      .all(`${bucketId}:${seq}`)
      .map((r) => this.output(JSON.parse(r.json) as StoredToken));
    return { total: all.length, tokens: all.slice(offset, offset + limit) };
  }

  get(auth: Auth, tokenId: string): ResourceTokenJson {
    requireScope(auth, 'tokens.read');
    return this.output(this.mustExist(tokenId));
  }

  update(auth: Auth, tokenId: string, expire: unknown): ResourceTokenJson {
    requireScope(auth, 'tokens.write');
    const until = futureDate(expire, this.now());
    const token = { ...this.mustExist(tokenId), expire: until };
    this.save(token);
    return this.output(token);
  }

  delete(auth: Auth, tokenId: string): void {
    requireScope(auth, 'tokens.write');
    this.mustExist(tokenId);
    this.db.prepare('DELETE FROM resource_tokens WHERE id = ?').run(tokenId);
  }

  /** The grant a request's `token` parameter carries, or null when it grants nothing. */
  resolve(secret: unknown): FileGrant | null {
    if (typeof secret !== 'string' || !secret) return null;
    const payload = this.verify(secret);
    const tokenId = typeof payload?.tokenId === 'string' ? payload.tokenId : '';
    if (!tokenId) return null;
    const token = this.stored(tokenId);
    if (!token) return null;
    if (token.expire !== null && Date.parse(token.expire) < this.now().getTime()) return null;
    const ids = token.resourceId.split(':');
    const sequences = token.resourceInternalId.split(':');
    if (ids.length !== 2 || sequences.length !== 2) return null;
    // accessedAt moves at most once a day (APP_RESOURCE_TOKEN_ACCESS).
    if (!token.accessedAt || Date.parse(token.accessedAt) < this.now().getTime() - 86400_000) this.save({ ...token, accessedAt: formatDate(this.now()) });
    return { bucketId: ids[0]!, fileId: ids[1]!, fileSeq: Number(sequences[1]) };
  }

  private output(token: StoredToken): ResourceTokenJson {
    const { resourceInternalId, ...shown } = token;
    const payload: Record<string, unknown> = {
      tokenId: token.$id, resourceId: token.resourceId, resourceType: token.resourceType, resourceInternalId,
      iat: Math.floor(Date.parse(token.$createdAt) / 1000),
      ...(token.expire !== null ? { exp: Math.floor(Date.parse(token.expire) / 1000) } : {}),
    };
    return { ...shown, secret: this.sign(payload) };
  }

  private sign(payload: Record<string, unknown>): string {
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: ALGORITHM }));
    const body = b64url(JSON.stringify(payload));
    return `${head}.${body}.${this.mac(`${head}.${body}`).toString('base64url')}`;
  }

  /** The payload of a JWT signed here and still within its `exp` and maximum age, else null. */
  private verify(jwt: string): Record<string, unknown> | null {
    const parts = jwt.split('.');
    if (parts.length !== 3) return null;
    const [head, body, sig] = parts as [string, string, string];
    const expected = this.mac(`${head}.${body}`);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
      if (header.alg !== ALGORITHM) return null;
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      const now = this.now().getTime() / 1000;
      if (typeof payload.exp === 'number' && payload.exp + LEEWAY_SECONDS < now) return null;
      if (typeof payload.iat === 'number' && payload.iat + MAX_AGE_SECONDS + LEEWAY_SECONDS < now) return null;
      return payload;
    } catch {
      return null;
    }
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.key).update(data).digest();
  }

  private stored(tokenId: string): StoredToken | null {
    const row = this.db.prepare<[string], { json: string }>('SELECT json FROM resource_tokens WHERE id = ?').get(tokenId);
    return row ? (JSON.parse(row.json) as StoredToken) : null;
  }

  private mustExist(tokenId: string): StoredToken {
    const token = this.stored(tokenId);
    if (!token) throw new AppwriteError(404, 'token_not_found', 'The requested file token could not be found.');
    return token;
  }

  private save(token: StoredToken): void {
    this.db.prepare('UPDATE resource_tokens SET json = ? WHERE id = ?').run(JSON.stringify(token), token.$id);
  }
}

/** Appwrite's `Nullable(Datetime(requireDateInFuture: true))`: absent/null, or a future date. */
function futureDate(value: unknown, now: Date): string | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms) || ms <= now.getTime()) {
    throw new AppwriteError(400, 'general_argument_invalid', 'Invalid `expire` param: Value must be valid date in the future.');
  }
  return formatDate(new Date(ms));
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
