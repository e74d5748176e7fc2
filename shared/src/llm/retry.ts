import type { LlmConfig } from './config.js';
import { LlmError } from './errors.js';
import type { ProviderDeps } from './provider.js';

export interface RetryPolicy {
  maxRetries: number;
  retryBaseMs: number;
  /** Upper bound for one wait, including a server's Retry-After. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait; lets callers log `llm.retry`. */
  onRetry?: (info: { attempt: number; delayMs: number; error: LlmError }) => void;
}

/** The policy a provider's config and deps ask for; every backend retries the same way. */
export function retryPolicy(config: Pick<LlmConfig, 'maxRetries' | 'retryBaseMs'>, deps: ProviderDeps): RetryPolicy {
  return {
    maxRetries: config.maxRetries,
    retryBaseMs: config.retryBaseMs,
    sleep: deps.sleep,
    onRetry: (i) => deps.onRetry?.({ attempt: i.attempt, delayMs: i.delayMs, kind: i.error.kind }),
  };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full jitter over an exponential step, or the server's Retry-After when it gave one. */
export function backoffDelay(retryNo: number, policy: RetryPolicy, error: LlmError): number {
  const cap = policy.maxDelayMs ?? 30_000;
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, cap);
  const step = policy.retryBaseMs * 2 ** retryNo;
  const random = policy.random ?? Math.random;
  return Math.min(cap, Math.round(step / 2 + (random() * step) / 2));
}

/**
 * Runs one network call with bounded retries. `call` must throw LlmError; only
 * retriable kinds (rate_limited, unavailable, timeout) are tried again.
 */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (e) {
      if (!(e instanceof LlmError) || !e.retriable) throw e;
      if (attempt >= policy.maxRetries) {
        if (attempt === 0) throw e;
        throw new LlmError(e.kind, `${e.message} (gave up after ${attempt + 1} attempts)`, { status: e.status, retryAfterMs: e.retryAfterMs, cause: e });
      }
      const delayMs = backoffDelay(attempt, policy, e);
      policy.onRetry?.({ attempt: attempt + 1, delayMs, error: e });
      await sleep(delayMs);
    }
  }
}
