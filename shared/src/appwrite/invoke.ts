import { ConfigError, readFunctionConfig, type FunctionConfig } from './config.js';
import type { Handler, Invocation, RuntimeContext } from './entry.js';
import { createExecutions } from './executions.js';
import { createLogger, safeMessage } from './log.js';
import { outcomeStatus, type Outcome } from './outcome.js';
import { createServices } from './services.js';
import { createStore } from './store.js';
import { createAppwriteLedger } from '../limits/appwrite-ledger.js';
import { createAppwriteCleanup } from '../housekeeping/appwrite-cleanup.js';
import { createAppwriteDeliveries } from '../webhooks/delivery-store.js';

/** What `entry` has already read from the request before the heavy part is imported. */
export type Request = {
  key: string | undefined;
  trigger: string;
  eventName: string | null;
  execution: string | undefined;
  actor: string | null;
  body: Record<string, unknown>;
};

/**
 * The part of `entry` that needs the SDK, config and the handler: imported only by an
 * execution that passed the pre-filter, so a no-op never loads any of it.
 */
export async function invoke(load: () => Promise<Handler>, context: RuntimeContext, request: Request): Promise<unknown> {
  const { res } = context;
  const { trigger, eventName, execution, actor, body } = request;
  const key = request.key ?? '';
  const secrets = [key];
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
    config, store, executions: createExecutions(services.functions), log, trigger, eventName, body, actor,
    ledger: createAppwriteLedger(services, config.databaseId),
    cleanup: createAppwriteCleanup(services, config.databaseId),
    webhooks: createAppwriteDeliveries(services, config.databaseId),
    now: () => new Date(),
    secrets,
  };

  let outcome: Outcome;
  try {
    const handler = await load();
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
}

/** API keys the LLM providers use, masked in everything the functions write. */
function llmSecrets(env: Record<string, string>): string[] {
  return Object.entries(env).filter(([name]) => /(_API_KEY|_TOKEN|_SECRET)$/.test(name)).map(([, value]) => value);
}
