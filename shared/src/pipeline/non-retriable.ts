import { LlmError } from '../llm/errors.js';

/**
 * A failure no further attempt can fix — invalid input, an unreadable plan — as Inngest's
 * `NonRetriableError`: the scene fails at once instead of spending its attempt budget.
 */
export class NonRetriableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetriableError';
  }
}

/**
 * Whether another attempt of a step (new code, a later try) could succeed after `err`.
 * An LLM error says so itself: `retriable` kinds (rate limits, outages, timeouts) pass with
 * time, and bad output may come out right from a new prompt; a refused key or a config
 * error will not. Anything else is taken as a one-off.
 */
export function worthAnotherAttempt(err: unknown): boolean {
  if (err instanceof NonRetriableError) return false;
  if (err instanceof LlmError) return err.retriable || err.kind === 'bad_output';
  return true;
}
