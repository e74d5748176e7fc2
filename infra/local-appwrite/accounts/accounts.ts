import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppwriteError } from '../core/errors.js';
import { formatDate, resolveId } from '../store/ids.js';
import type { Db } from '../store/sqlite.js';

// Users and sessions, persisted in SQLite so a restart keeps everyone signed in.
// Session secrets are stored hashed; only the client holds the secret itself.

const SESSION_TTL_MS = 365 * 24 * 3600 * 1000;

export type UserJson = Record<string, unknown> & { $id: string; email: string };
export type SessionJson = Record<string, unknown> & { $id: string; userId: string; secret: string };

export class Accounts {
  private readonly lookupStmt;
  constructor(private readonly db: Db) {
    this.lookupStmt = db.prepare<[string], { user_id: string; expire: string }>('SELECT user_id, expire FROM sessions WHERE secret_hash = ?');
  }

  /** For the auth resolver: the user a secret belongs to, if the session is live. */
  lookupSession = (secret: string): { userId: string } | null => {
    const row = this.lookupStmt.get(hashSecret(secret));
    if (!row || row.expire < formatDate()) return null;
    return { userId: row.user_id };
  };

  createUser(input: { userId?: unknown; email?: unknown; password?: unknown; name?: unknown }): UserJson {
    const id = resolveId(input.userId, 'userId');
    let email = '';
    let password: string | null = null;
    if (input.email !== undefined || input.password !== undefined) {
      if (typeof input.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
        throw new AppwriteError(400, 'general_argument_invalid', 'Invalid `email` param: Value must be a valid email address');
      }
      if (typeof input.password !== 'string' || input.password.length < 8 || input.password.length > 256) {
        throw new AppwriteError(400, 'general_argument_invalid', 'Invalid `password` param: Password must be between 8 and 256 characters long.');
      }
      email = input.email.toLowerCase();
      password = hashPassword(input.password);
    }
    const now = formatDate();
    const user: UserJson = {
      $id: id, $createdAt: now, $updatedAt: now, name: typeof input.name === 'string' ? input.name : '',
      registration: now, status: true, labels: [], passwordUpdate: password ? now : '', email, phone: '',
      emailVerification: false, phoneVerification: false, mfa: false, prefs: {}, targets: [], accessedAt: now,
    };
    try {
      this.db.prepare('INSERT INTO users (id, email, json, password) VALUES (?, ?, ?, ?)').run(id, email || null, JSON.stringify(user), password);
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        throw new AppwriteError(409, 'user_already_exists', 'A user with the same id, email, or phone already exists in this project.');
      }
      throw err;
    }
    return user;
  }

  getUser(userId: string): UserJson {
    const row = this.db.prepare<[string], { json: string }>('SELECT json FROM users WHERE id = ?').get(userId);
    if (!row) throw new AppwriteError(404, 'user_not_found', 'User with the requested ID could not be found.');
    return JSON.parse(row.json) as UserJson;
  }

  listUsers(): UserJson[] {
    return this.db.prepare<[], { json: string }>('SELECT json FROM users ORDER BY rowid').all().map((r) => JSON.parse(r.json) as UserJson);
  }

  deleteUser(userId: string): void {
    this.getUser(userId);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
      this.db.prepare('DELETE FROM users WHERE id = ?').run(userId);
    })();
  }

  /** Checks email and password; the same error for an unknown email as for a wrong password. */
  verifyPassword(email: unknown, password: unknown): string {
    const invalid = new AppwriteError(401, 'user_invalid_credentials', 'Invalid credentials. Please check the email and password.');
    if (typeof email !== 'string' || typeof password !== 'string') throw invalid;
    const row = this.db.prepare<[string], { id: string; password: string | null }>('SELECT id, password FROM users WHERE email = ?').get(email.toLowerCase());
    if (!row?.password || !checkPassword(password, row.password)) throw invalid;
    return row.id;
  }

  createSession(userId: string, provider: 'anonymous' | 'email', ip: string): SessionJson {
    const secret = randomBytes(32).toString('hex');
    const now = new Date();
    const expire = formatDate(new Date(now.getTime() + SESSION_TTL_MS));
    const id = resolveId(undefined, 'sessionId');
    const session: SessionJson = {
      $id: id, $createdAt: formatDate(now), $updatedAt: formatDate(now), userId, expire, provider,
      providerUid: provider === 'email' ? this.getUser(userId).email : '', providerAccessToken: '', providerAccessTokenExpiry: '',
      providerRefreshToken: '', ip, osCode: '', osName: '', osVersion: '', clientType: '', clientCode: '', clientName: '',
      clientVersion: '', clientEngine: '', clientEngineVersion: '', deviceName: '', deviceBrand: '', deviceModel: '',
      countryCode: '--', countryName: 'Unknown', current: true, factors: [provider === 'email' ? 'password' : 'anonymous'],
      secret, mfaUpdatedAt: '',
    };
    this.db.prepare('INSERT INTO sessions (id, secret_hash, user_id, json, expire) VALUES (?, ?, ?, ?, ?)').run(
      id, hashSecret(secret), userId, JSON.stringify({ ...session, secret: '' }), expire,
    );
    return session;
  }

  /** `current` resolves to the session the caller authenticated with. */
  findSession(userId: string, sessionId: string, currentSecret: string | undefined): SessionJson {
    const row =
      sessionId === 'current'
        ? currentSecret
          ? this.db.prepare<[string, string], { json: string }>('SELECT json FROM sessions WHERE secret_hash = ? AND user_id = ?').get(hashSecret(currentSecret), userId)
          : undefined
        : this.db.prepare<[string, string], { json: string }>('SELECT json FROM sessions WHERE id = ? AND user_id = ?').get(sessionId, userId);
    if (!row) throw new AppwriteError(404, 'user_session_not_found', 'The current user session could not be found.');
    return JSON.parse(row.json) as SessionJson;
  }

  listSessions(userId: string): SessionJson[] {
    return this.db.prepare<[string], { json: string }>('SELECT json FROM sessions WHERE user_id = ? ORDER BY rowid').all(userId).map((r) => JSON.parse(r.json) as SessionJson);
  }

  deleteSession(userId: string, sessionId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?').run(sessionId, userId);
  }
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32).toString('hex')}`;
}

function checkPassword(password: string, stored: string): boolean {
  const [, saltHex, hashHex] = stored.split('$');
  if (!saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(expected, actual);
}
