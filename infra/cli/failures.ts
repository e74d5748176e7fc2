import { AppwriteException } from 'node-appwrite';
import { UsageError } from './config.js';

/** Exit codes of every command; documented in `explainer --help`. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  /** Appwrite answered with an error: bad input, unknown id, missing scope … */
  refused: 3,
  /** Nothing answered at the endpoint. */
  unreachable: 4,
  /** `watch` saw the video end as failed or cancelled. */
  videoUnsuccessful: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure with a message meant for the person at the terminal. */
export class CliFailure extends Error {
  constructor(message: string, readonly exitCode: ExitCode) {
    super(message);
    this.name = 'CliFailure';
  }
}

/**
 * Turns anything thrown into one line a person can act on. Appwrite's own message and type are
 * shown as they are, because they name the column or permission at fault; the API key never
 * appears in them (the server does not echo it).
 */
export function describeFailure(err: unknown, endpoint: string, what?: string): { message: string; exitCode: ExitCode } {
  if (err instanceof CliFailure) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof UsageError) return { message: err.message, exitCode: ExitCode.usage };
  if (err instanceof AppwriteException) {
    const code = typeof err.code === 'number' ? err.code : 0;
    if (code === 0) return unreachable(endpoint, err.message);
    const prefix = what ? `${what}: ` : '';
    const type = err.type ? `, ${err.type}` : '';
    return { message: `${prefix}Appwrite refused: ${err.message} (${code}${type})`, exitCode: ExitCode.refused };
  }
  if (isConnectionError(err)) return unreachable(endpoint, causeText(err));
  return { message: err instanceof Error ? err.message : String(err), exitCode: ExitCode.unexpected };
}

function unreachable(endpoint: string, detail: string): { message: string; exitCode: ExitCode } {
  return {
    message: `cannot reach Appwrite at ${endpoint} (${detail}). Is the local stack running (npm start), or is --endpoint / APPWRITE_ENDPOINT right?`,
    exitCode: ExitCode.unreachable,
  };
}

function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err.cause as { code?: unknown } | undefined)?.code ?? (err as { code?: unknown }).code;
  return (err instanceof TypeError && err.message === 'fetch failed') ||
    ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'].includes(String(code));
}

function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}
