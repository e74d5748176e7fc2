import { ConfigError, readFunctionConfig, type FunctionConfig } from './config.js';
import { createLogger, safeMessage, type Logger } from './log.js';
import { outcomeStatus, type Outcome } from './outcome.js';
import { createServices, type Services } from './services.js';
import { createStore, type Store } from './store.js';

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
  services: Services;
  log: Logger;
  /** `event`, `schedule` or `http` (a direct execution). */
  trigger: string;
  /** The Appwrite event name when triggered by one, e.g. `tablesdb.studio.tables.scenes.rows.x.update`. */
  eventName: string | null;
  /** The request body: for events, the row as it was written (possibly stale). */
  body: Record<string, unknown>;
  now: () => Date;
  /** Values that must never appear in a row, a log line or a response. */
  secrets: string[];
};

export type Handler = (invocation: Invocation) => Promise<Outcome>;

/**
 * Turns a handler into an Appwrite function's default export. Owns what every function
 * shares: the client from the per-execution key, config, body parsing, structured logs and
 * answering with the outcome. Nothing here runs at import time: the key arrives per request.
 */
export function entry(handler: Handler) {
  return async function main(context: RuntimeContext): Promise<unknown> {
    const { req, res } = context;
    const key = header(req.headers, 'x-appwrite-key') ?? '';
    const secrets = [key];
    const trigger = header(req.headers, 'x-appwrite-trigger') ?? 'http';
    const eventName = header(req.headers, 'x-appwrite-event') ?? null;
    const execution = header(req.headers, 'x-appwrite-execution-id');
    let log = createLogger({ log: context.log, error: context.error }, secrets, { execution });

    let config: FunctionConfig;
    try {
      config = readFunctionConfig();
    } catch (err) {
      log.error('config.invalid', { message: safeMessage(err, secrets) });
      return res.json({ outcome: 'failed', reason: err instanceof ConfigError ? err.message : 'configuration error' }, 500);
    }
    if (!key) {
      log.error('request.unauthenticated', { message: 'no x-appwrite-key header: the function needs its execution key' });
      return res.json({ outcome: 'failed', reason: 'missing execution key' }, 500);
    }
    secrets.push(...llmSecrets(config.env));
    log = createLogger({ log: context.log, error: context.error }, secrets, { fn: config.functionId, execution });

    const services = createServices({ endpoint: config.endpoint, projectId: config.projectId, key });
    const store = createStore(services, { endpoint: config.endpoint, projectId: config.projectId, databaseId: config.databaseId });
    const invocation: Invocation = {
      config, store, services, log, trigger, eventName,
      body: parseBody(req),
      now: () => new Date(),
      secrets,
    };

    let outcome: Outcome;
    try {
      outcome = await handler(invocation);
    } catch (err) {
      // A thrown error leaves whatever the handler claimed under its lease; sweep-stuck
      // takes it back when the lease ends, so answering is all that is left to do here.
      outcome = { kind: 'failed', reason: safeMessage(err, secrets) };
      log.error('handler.crashed', { message: outcome.reason, stack: err instanceof Error ? safeMessage(err.stack ?? '', secrets, 2000) : undefined });
    }
    if (outcome.kind === 'done') log.info(outcome.event, outcome.fields);
    else if (outcome.kind === 'ignored') log.info('event.ignored', { reason: outcome.reason });
    else log.error(`outcome.${outcome.kind}`, { reason: outcome.reason });
    return res.json({ outcome: outcome.kind, ...(outcome.kind === 'done' ? { event: outcome.event } : { reason: outcome.reason }) }, outcomeStatus[outcome.kind]);
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

/** API keys the LLM providers use, masked in everything the functions write. */
function llmSecrets(env: Record<string, string>): string[] {
  return Object.entries(env).filter(([name]) => /(_API_KEY|_TOKEN|_SECRET)$/.test(name)).map(([, value]) => value);
}
