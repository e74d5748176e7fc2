import type { FunctionConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { outcomeStatus, type Outcome } from './outcome.js';
import type { Executions } from './executions.js';
import type { Store } from './store.js';
import type { Cleanup } from '../housekeeping/cleanup.js';
import type { WebhookDeliveries } from '../webhooks/delivery-store.js';
import type { Ledger } from '../limits/ledger.js';

/** The part of the open-runtimes Node context the pipeline uses. */
export type RuntimeContext = {
  req: {
    headers: Record<string, string | undefined>;
    bodyText?: string;
    body?: unknown;
  };
  res: { json(body: unknown, statusCode?: number): unknown };
  log: (message: string) => void;
  error: (message: string) => void;
};

/** Everything a handler gets for one invocation. */
export type Invocation = {
  config: FunctionConfig;
  store: Store;
  /** Other functions' executions (the sweeper's re-deliveries). */
  executions: Executions;
  log: Logger;
  /** `event`, `schedule` or `http` (a direct execution). */
  trigger: string;
  /** The Appwrite event name when triggered by one, e.g. `tablesdb.studio.tables.scenes.rows.x.update`. */
  eventName: string | null;
  /** The request body: for events, the row as it was written (possibly stale). */
  body: Record<string, unknown>;
  /**
   * `x-appwrite-user-id`: on an event, the user whose session made the write (null for a
   * write with an API key, the pipeline's own included); on a direct execution, its caller.
   */
  actor: string | null;
  /** What users did and spent, where they cannot change it (the limits count from here). */
  ledger: Ledger;
  /** Rows and files by the video they belong to, for deletion and retention (clean-storage). */
  cleanup: Cleanup;
  /** Webhook endpoints and their deliveries (deliver-webhooks). */
  webhooks: WebhookDeliveries;
  now: () => Date;
  /** Values that must never appear in a row, a log line or a response. */
  secrets: string[];
};

export type Handler = (invocation: Invocation) => Promise<Outcome>;

/**
 * What a function declares to `entry`. `load` imports the handler (a dynamic import, so the
 * bundler puts it, the SDK and everything else it needs in chunks of their own). `serves`
 * is a pre-filter on an event's row as it was written: an event whose row is in no state the
 * function serves is answered `ignored` without loading any of that. It may pass a stale
 * row; the handler's re-read of the row decides. Direct executions (the sweeper's
 * re-deliveries, a user's) always reach the handler.
 */
export type FunctionSpec = {
  serves?: (row: Record<string, unknown>) => boolean;
  load: () => Promise<Handler>;
};

/**
 * Turns a handler into an Appwrite function's default export. Owns what every function
 * shares: the client from the per-execution key, config, body parsing, structured logs and
 * answering with the outcome. Nothing here runs at import time: the key arrives per request.
 * This module stays light (no SDK, no zod): every execution imports it, most of them to
 * answer a no-op; the rest lives in `invoke.ts`, imported once an execution has work.
 */
export function entry(fn: Handler | FunctionSpec) {
  const spec: FunctionSpec = typeof fn === 'function' ? { load: async () => fn } : fn;
  return async function main(context: RuntimeContext): Promise<unknown> {
    const { req, res } = context;
    const key = header(req.headers, 'x-appwrite-key');
    const trigger = header(req.headers, 'x-appwrite-trigger') ?? 'http';
    const eventName = header(req.headers, 'x-appwrite-event') ?? null;
    const execution = header(req.headers, 'x-appwrite-execution-id');
    const actor = header(req.headers, 'x-appwrite-user-id') ?? null;
    const body = parseBody(req);

    if (trigger === 'event' && spec.serves && !spec.serves(body)) {
      const reason = `event for a ${String(body.status ?? 'status-less')} row`;
      createLogger({ log: context.log, error: context.error }, key ? [key] : [], { execution }).info('event.ignored', { reason, prefilter: true });
      return res.json({ outcome: 'ignored', reason }, outcomeStatus.ignored);
    }
    const { invoke } = await import('./invoke.js');
    return invoke(spec.load, context, { key, trigger, eventName, execution, actor, body });
  };
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const value = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return value === '' ? undefined : value;
}

function parseBody(req: RuntimeContext['req']): Record<string, unknown> {
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) return req.body as Record<string, unknown>;
  const text = req.bodyText ?? (typeof req.body === 'string' ? req.body : '');
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
