import { randomBytes } from 'node:crypto';
import { AppwriteError } from '../core/errors.js';

/** Appwrite's date format: `YYYY-MM-DDTHH:mm:ss.SSS+00:00`. */
export function formatDate(date: Date = new Date()): string {
  return date.toISOString().replace('Z', '+00:00');
}

// Like Appwrite's ID.unique(): a hex timestamp prefix plus random digits, 20 chars.
export function uniqueId(): string {
  const now = Date.now();
  const sec = Math.floor(now / 1000).toString(16);
  const usec = ((now % 1000) * 1000).toString(16).padStart(5, '0');
  return (sec + usec + randomBytes(4).toString('hex')).slice(0, 20);
}

const ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/;

/** Resolves `unique()` and checks a custom id as Appwrite's UID validator does. */
export function resolveId(value: unknown, param: string): string {
  if (value === undefined || value === null || value === 'unique()') return uniqueId();
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new AppwriteError(400, 'general_argument_invalid', `Invalid \`${param}\` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`);
  }
  return value;
}
