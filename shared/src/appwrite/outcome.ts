/**
 * What a handler did with one event. `ignored` is the common case: every write of the chain
 * fires events at every function, and the guards turn the ones not meant for it into no-ops.
 */
export type Outcome =
  | { kind: 'done'; event: string; fields?: Record<string, unknown> }
  | { kind: 'ignored'; reason: string }
  | { kind: 'failed'; reason: string };

export const done = (event: string, fields?: Record<string, unknown>): Outcome => ({ kind: 'done', event, fields });
export const ignored = (reason: string): Outcome => ({ kind: 'ignored', reason });
export const failed = (reason: string): Outcome => ({ kind: 'failed', reason });

/** The HTTP status an outcome is answered with; Appwrite records it on the execution. */
export const outcomeStatus: Record<Outcome['kind'], number> = {
  done: 200,
  ignored: 200,
  failed: 500,
};
