export type LlmErrorKind = 'rate_limited' | 'unavailable' | 'timeout' | 'bad_output' | 'auth' | 'config';

const retriableKinds: Record<LlmErrorKind, boolean> = {
  rate_limited: true,
  unavailable: true,
  timeout: true,
  bad_output: false,
  auth: false,
  config: false,
};

/**
 * The one error an LLM provider throws. `retriable` tells the caller whether trying the
 * whole step again later could help (the provider has already spent its own retries).
 * Messages are built here from our own words and the server's short status text,
 * never from request headers, so they cannot carry the API key.
 */
export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly retriable: boolean;
  /** Seconds the server asked us to wait, when it said so. */
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(kind: LlmErrorKind, message: string, opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'LlmError';
    this.kind = kind;
    this.retriable = retriableKinds[kind];
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Maps an HTTP status from an LLM server to an error kind. */
export function kindForStatus(status: number): LlmErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_output';
}

/** Removes every occurrence of each secret from a text that may reach a log or a row. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
