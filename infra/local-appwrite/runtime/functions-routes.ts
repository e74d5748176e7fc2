import { z } from 'zod';
import { authRoles, hasScope, requireScope } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import type { RequestContext, Router } from '../core/router.js';
import { FunctionDef } from './function-defs.js';
import { toModel } from './function-model.js';
import { publicExecution, SYNC_LIMIT_SECONDS, type FunctionsRuntime } from './functions.js';
import { parseQueries } from '../tables/queries.js';
import { applyQueries } from '../tables/list-queries.js';
import type { Json, RuntimeStore } from './runtime-store.js';

// The functions REST API: executions (what functions and the dashboard call) and the
// management calls the appwrite CLI makes on `functions create` / `push functions`.
// Deployments live in deployment-routes.ts, variables in variable-routes.ts.

const RUNTIMES = ['node-18.0', 'node-20.0', 'node-21.0', 'node-22'].map((id) => {
  const version = id.slice('node-'.length);
  return { $id: id, key: 'node', name: 'Node.js', version, base: `node:${version}-alpine`, image: `openruntimes/node:v5-${version}`, logo: 'node.png', supports: ['amd64', 'arm64'] };
});

const SPECIFICATIONS = [
  { memory: 512, cpus: 0.5, enabled: true, slug: 's-0.5vcpu-512mb' },
  { memory: 512, cpus: 1, enabled: true, slug: 's-1vcpu-512mb' },
  { memory: 1024, cpus: 1, enabled: true, slug: 's-1vcpu-1gb' },
  { memory: 2048, cpus: 2, enabled: true, slug: 's-2vcpu-2gb' },
];

const boolish = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

const CreateExecution = z.object({
  body: z.string().default(''),
  async: boolish.default(false),
  path: z.string().default('/'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']).default('POST'),
  headers: z.record(z.string(), z.coerce.string()).default({}),
  scheduledAt: z.string().nullish(),
});

const FunctionFields = FunctionDef.omit({ $id: true, path: true }).partial();

export function registerFunctionRoutes(router: Router, runtime: FunctionsRuntime, store: RuntimeStore): void {
  const fnOr404 = (id: string | undefined) => {
    const fn = id ? runtime.get(id) : undefined;
    if (!fn) throw new AppwriteError(404, 'function_not_found', 'Function with the requested ID could not be found.');
    return fn;
  };

  router.add('GET', '/v1/functions/runtimes', (ctx) => {
    requireScope(ctx.auth, 'functions.read');
    return { total: RUNTIMES.length, runtimes: RUNTIMES };
  });
  router.add('GET', '/v1/functions/specifications', (ctx) => {
    requireScope(ctx.auth, 'functions.read');
    return { total: SPECIFICATIONS.length, specifications: SPECIFICATIONS };
  });
  // The CLI asks after a deploy which domains point at the function; there are none here.
  router.add('GET', '/v1/proxy/rules', () => ({ total: 0, rules: [] }));

  router.add('GET', '/v1/functions', (ctx) => {
    requireScope(ctx.auth, 'functions.read');
    const { total, documents } = applyQueries(runtime.list(), parseQueries(ctx.query.queries), stringParam(ctx, 'search'));
    return { total, functions: documents.map(publicModel) };
  });

  router.add('POST', '/v1/functions', (ctx) => {
    requireScope(ctx.auth, 'functions.write');
    const id = resolveId(stringParam(ctx, 'functionId'));
    if (runtime.get(id)) throw new AppwriteError(409, 'function_already_exists', 'Function with the requested ID already exists.');
    const fields = parseFields(ctx.body);
    const def = FunctionDef.parse({ ...fields, $id: id });
    const model = toModel(def, undefined);
    runtime.save(model);
    ctx.json(publicModel(model), 201);
  });

  router.add('GET', '/v1/functions/:functionId', (ctx) => {
    requireScope(ctx.auth, 'functions.read');
    return publicModel(fnOr404(ctx.params.functionId));
  });

  router.add('PUT', '/v1/functions/:functionId', (ctx) => {
    requireScope(ctx.auth, 'functions.write');
    const current = fnOr404(ctx.params.functionId);
    const fields = parseFields(ctx.body);
    const def = FunctionDef.parse({ ...current, ...fields, $id: current.$id });
    const model = toModel(def, current);
    runtime.save(model);
    return publicModel(model);
  });

  router.add('DELETE', '/v1/functions/:functionId', (ctx) => {
    requireScope(ctx.auth, 'functions.write');
    fnOr404(ctx.params.functionId);
    runtime.remove(ctx.params.functionId!);
    ctx.noContent();
  });

  router.add('POST', '/v1/functions/:functionId/executions', async (ctx) => {
    const fn = fnOr404(ctx.params.functionId);
    const roles = authRoles(ctx.auth);
    const allowed = ctx.auth.kind === 'key' ? hasScope(ctx.auth, 'execution.write') : fn.execute.some((r) => roles.includes(r));
    if (!allowed) {
      if (ctx.auth.kind === 'key') requireScope(ctx.auth, 'execution.write');
      throw new AppwriteError(401, 'user_unauthorized', 'To execute function using client SDK, you must have execute permission.');
    }
    if (!fn.enabled) throw new AppwriteError(403, 'function_disabled', 'Function is disabled.');
    const parsed = CreateExecution.safeParse(ctx.body);
    if (!parsed.success) throw new AppwriteError(400, 'general_argument_invalid', `Invalid execution: ${parsed.error.issues[0]?.message ?? 'bad input'}`);
    const input = parsed.data;
    const userId = ctx.auth.kind === 'user' ? ctx.auth.userId : undefined;
    if (input.scheduledAt) {
      const at = new Date(input.scheduledAt);
      if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
        throw new AppwriteError(400, 'general_argument_invalid', 'Invalid `scheduledAt` param: Value must be valid date in the future.');
      }
      if (!input.async) throw new AppwriteError(400, 'execution_async_required', 'Scheduled executions must run asynchronously. Set async to true.');
      const scheduled = runtime.scheduleAt(fn, { trigger: 'http', method: input.method, path: input.path, headers: input.headers, body: input.body, userId }, at);
      ctx.json(scheduled, 202);
      return;
    }
    const { execution, done } = runtime.start(fn, {
      trigger: 'http',
      method: input.method,
      path: input.path,
      headers: input.headers,
      body: input.body,
      userId,
      maxSeconds: input.async ? undefined : SYNC_LIMIT_SECONDS,
    });
    if (input.async) {
      ctx.json(execution, 202);
      return;
    }
    ctx.json(await done, 201);
  });

  router.add('GET', '/v1/functions/:functionId/executions', (ctx) => {
    const fn = fnOr404(ctx.params.functionId);
    const visible = store.listExecutions(fn.$id).filter((e) => canRead(ctx, e));
    const { total, documents } = applyQueries(visible, parseQueries(ctx.query.queries), stringParam(ctx, 'search'));
    return { total, executions: documents.map(publicExecution) };
  });

  router.add('GET', '/v1/functions/:functionId/executions/:executionId', (ctx) => {
    fnOr404(ctx.params.functionId);
    const execution = store.getExecution(ctx.params.executionId ?? '');
    if (!execution || execution.functionId !== ctx.params.functionId || !canRead(ctx, execution)) {
      throw new AppwriteError(404, 'execution_not_found', 'Execution with the requested ID could not be found.');
    }
    return publicExecution(execution);
  });
}

function canRead(ctx: RequestContext, execution: Json): boolean {
  if (ctx.auth.kind === 'key') return hasScope(ctx.auth, 'execution.read');
  const perms = Array.isArray(execution.$permissions) ? (execution.$permissions as string[]) : [];
  const roles = authRoles(ctx.auth);
  return perms.some((p) => roles.some((r) => p === `read("${r}")`));
}

function parseFields(body: Record<string, unknown>): z.infer<typeof FunctionFields> {
  const parsed = FunctionFields.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppwriteError(400, 'general_argument_invalid', `Invalid \`${issue?.path.join('.') ?? 'param'}\` param: ${issue?.message ?? 'invalid'}`);
  }
  // zod defaults would reset fields an update did not send; keep only what was sent. The
  // id travels in `functionId` on create and is not a field of the function.
  return Object.fromEntries(Object.entries(parsed.data).filter(([k]) => k in body && k !== 'functionId')) as z.infer<typeof FunctionFields>;
}

/** The function as the API shows it: local-only fields (`path`) stay inside. */
function publicModel(fn: Json): Json {
  const { path: _path, ...rest } = fn;
  return rest;
}

export function stringParam(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.body[name] ?? ctx.query[name];
  return typeof value === 'string' ? value : undefined;
}

/** `unique()` asks the server for an id, as in every Appwrite create call. */
export function resolveId(id: string | undefined): string {
  if (!id) throw new AppwriteError(400, 'general_argument_invalid', 'Param "id" is not optional.');
  if (id === 'unique()') return (Date.now().toString(16) + Math.random().toString(16).slice(2)).slice(0, 20);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/.test(id)) {
    throw new AppwriteError(400, 'general_argument_invalid', 'Invalid id: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can\'t start with a special char');
  }
  return id;
}
