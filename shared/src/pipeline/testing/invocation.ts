import { readFunctionConfig, type FunctionConfig } from '../../appwrite/config.js';
import type { Invocation } from '../../appwrite/entry.js';
import type { Executions } from '../../appwrite/executions.js';
import { createLogger } from '../../appwrite/log.js';
import { createMemoryStore, type MemoryStore } from './memory-store.js';
import { createMemoryLedger, type MemoryLedger } from '../../limits/memory-ledger.js';
import type { Cleanup } from '../../housekeeping/cleanup.js';
import type { WebhookDeliveries } from '../../webhooks/delivery-store.js';

/** What a test handed to a handler and what the handler did besides writing rows. */
export type TestInvocation = Invocation & {
  store: MemoryStore;
  ledger: MemoryLedger;
  /** Executions the handler started, in order. */
  started: { functionId: string; body: Record<string, unknown> }[];
  /** Parsed structured log lines, info and error alike. */
  lines: Record<string, unknown>[];
};

export type InvocationOptions = {
  body?: Record<string, unknown>;
  store?: MemoryStore;
  /** Environment on top of the minimum the config needs; parsed by the functions' own parser. */
  env?: Record<string, string>;
  /** The clock the handler sees (`inv.now()`); the store stamps its rows with it too when it creates the store. */
  now?: Date | (() => Date);
  trigger?: 'event' | 'schedule' | 'http';
  eventName?: string | null;
  secrets?: string[];
  /** `x-appwrite-user-id`: the user whose write caused the event; null for the key. */
  actor?: string | null;
  ledger?: MemoryLedger;
  cleanup?: Cleanup;
  webhooks?: WebhookDeliveries;
};

/** A port the test did not hand in: any use says so instead of passing silently. */
function absent<T extends object>(port: string): T {
  return new Proxy({} as T, { get: (_, key) => () => Promise.reject(new Error(`${port}.${String(key)} is not wired in this test (pass opts.${port})`)) });
}

/**
 * One invocation as `invoke` builds it for a real execution, over the in-memory store: the
 * config comes from `readFunctionConfig`, so defaults (attempt budget, leases) are the
 * production ones unless the test sets their environment variables.
 */
export function testInvocation(opts: InvocationOptions = {}): TestInvocation {
  const now = typeof opts.now === 'function' ? opts.now : opts.now ? () => opts.now as Date : () => new Date();
  const store = opts.store ?? createMemoryStore({ clock: now });
  const config: FunctionConfig = readFunctionConfig({
    APPWRITE_FUNCTION_API_ENDPOINT: 'http://memory.test/v1',
    APPWRITE_FUNCTION_PROJECT_ID: 'test',
    ...opts.env,
  });
  const started: TestInvocation['started'] = [];
  const lines: Record<string, unknown>[] = [];
  const executions: Executions = {
    async start(functionId, body) {
      started.push({ functionId, body: structuredClone(body) });
    },
  };
  const sink = (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>);
  const secrets = opts.secrets ?? [];
  return {
    config,
    store,
    executions,
    log: createLogger({ log: sink, error: sink }, secrets),
    trigger: opts.trigger ?? 'event',
    eventName: opts.eventName ?? null,
    body: opts.body ?? {},
    actor: opts.actor === undefined ? null : opts.actor,
    ledger: opts.ledger ?? createMemoryLedger(now),
    cleanup: opts.cleanup ?? absent<Cleanup>('cleanup'),
    webhooks: opts.webhooks ?? absent<WebhookDeliveries>('webhooks'),
    now,
    secrets,
    started,
    lines,
  };
}
