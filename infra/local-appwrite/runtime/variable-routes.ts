import { z } from 'zod';
import { requireScope } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import type { Router } from '../core/router.js';
import { now, uniqueId } from './function-model.js';
import type { FunctionsRuntime } from './functions.js';
import type { RuntimeStore } from './runtime-store.js';

// Function variables: they reach every execution of the function as environment variables.
// A secret variable's value is never answered back, as on Appwrite.

const VariableInput = z.object({
  variableId: z.string().optional(),
  key: z.string().min(1).max(255),
  value: z.string().max(8192).default(''),
  secret: z.boolean().default(false),
});

export function registerVariableRoutes(router: Router, runtime: FunctionsRuntime, store: RuntimeStore): void {
  const fnOr404 = (id: string | undefined) => {
    const fn = id ? runtime.get(id) : undefined;
    if (!fn) throw new AppwriteError(404, 'function_not_found', 'Function with the requested ID could not be found.');
    return fn;
  };
  const shown = (v: Record<string, unknown>) => (v.secret ? { ...v, value: '' } : v);
  const input = (body: Record<string, unknown>) => {
    const parsed = VariableInput.safeParse(body);
    if (!parsed.success) throw new AppwriteError(400, 'general_argument_invalid', `Invalid variable: ${parsed.error.issues[0]?.message ?? 'bad input'}`);
    return parsed.data;
  };

  router.add('GET', '/v1/functions/:functionId/variables', (ctx) => {
    requireScope(ctx.auth, 'functions.read');
    const fn = fnOr404(ctx.params.functionId);
    const variables = store.listVariables(fn.$id).map(shown);
    return { total: variables.length, variables };
  });

  router.add('POST', '/v1/functions/:functionId/variables', (ctx) => {
    requireScope(ctx.auth, 'functions.write');
    const fn = fnOr404(ctx.params.functionId);
    const { variableId, key, value, secret } = input(ctx.body);
    if (store.listVariables(fn.$id).some((v) => v.key === key)) throw new AppwriteError(409, 'variable_already_exists', 'Variable with the same ID already exists in this project.');
    const id = !variableId || variableId === 'unique()' ? uniqueId() : variableId;
    const created = now();
    const variable = { $id: id, $createdAt: created, $updatedAt: created, key, value, secret, resourceType: 'function', resourceId: fn.$id };
    store.putVariable(fn.$id, variable);
    ctx.json(shown(variable), 201);
  });

  router.add('GET', '/v1/functions/:functionId/variables/:variableId', (ctx) => {
    requireScope(ctx.auth, 'functions.read');
    const fn = fnOr404(ctx.params.functionId);
    const variable = store.getVariable(fn.$id, ctx.params.variableId ?? '');
    if (!variable) throw new AppwriteError(404, 'variable_not_found', 'Variable with the requested ID could not be found.');
    return shown(variable);
  });

  router.add('PUT', '/v1/functions/:functionId/variables/:variableId', (ctx) => {
    requireScope(ctx.auth, 'functions.write');
    const fn = fnOr404(ctx.params.functionId);
    const current = store.getVariable(fn.$id, ctx.params.variableId ?? '');
    if (!current) throw new AppwriteError(404, 'variable_not_found', 'Variable with the requested ID could not be found.');
    const { key, value, secret } = input({ ...current, ...ctx.body });
    // A secret stays secret, and an update that omits the value keeps the old one.
    const variable = { ...current, $id: String(current.$id), key, value: 'value' in ctx.body ? value : current.value, secret: Boolean(current.secret) || secret, $updatedAt: now() };
    store.putVariable(fn.$id, variable);
    return shown(variable);
  });

  router.add('DELETE', '/v1/functions/:functionId/variables/:variableId', (ctx) => {
    requireScope(ctx.auth, 'functions.write');
    const fn = fnOr404(ctx.params.functionId);
    if (!store.deleteVariable(fn.$id, ctx.params.variableId ?? '')) throw new AppwriteError(404, 'variable_not_found', 'Variable with the requested ID could not be found.');
    ctx.noContent();
  });
}
