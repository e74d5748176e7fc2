import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppwriteException, Client, Functions, ID, Query } from 'node-appwrite';
import { z } from 'zod';
import { appwriteCli, type CliRunner } from './appwrite-cli.js';
import type { DeployConfig } from './config.js';
import { prepareWorkDir, type FunctionSpec } from './workdir.js';

export type DeployOptions = {
  config: DeployConfig;
  repoRoot: string;
  /** appwrite.json to deploy; defaults to the repository's. */
  manifestPath?: string;
  log?: (line: string) => void;
  /** Show the CLI's own output line by line (else only when a step fails). */
  verbose?: boolean;
  keepWorkDir?: boolean;
};

export type DeployReport = { functions: { id: string; deploymentId: string }[]; variables: string[] };

export class DeployError extends Error {
  override name = 'DeployError';
}

const DeployedFunction = z.looseObject({ $id: z.string(), runtime: z.string(), deploymentId: z.string().default(''), latestDeploymentStatus: z.string().optional() });

/**
 * Pushes the schema, buckets and functions of appwrite.json with the real appwrite CLI, then
 * sets the function variables and checks that every function has an active deployment.
 */
export async function deploy(options: DeployOptions): Promise<DeployReport> {
  const { config } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const work = prepareWorkDir(options.repoRoot, options.manifestPath ?? join(options.repoRoot, 'appwrite.json'), config.projectId);
  const secrets = [config.apiKey, ...Object.values(config.variables)];
  const cli = appwriteCli(work.dir, work.home, secrets, options.verbose ? (l) => log(`  | ${l}`) : undefined);
  const api = new Functions(new Client().setEndpoint(config.endpoint).setProject(config.projectId).setKey(config.apiKey));
  try {
    log(`deploying to ${config.endpoint} (project ${config.projectId}) with appwrite-cli`);
    await step(cli, log, 'appwrite client --endpoint … --project-id … --key ***', ['client', '--endpoint', config.endpoint, '--project-id', config.projectId, '--key', config.apiKey]);
    await step(cli, log, 'appwrite push tables --all --force', ['push', 'tables', '--all', '--force']);
    await step(cli, log, 'appwrite push buckets --all --force', ['push', 'buckets', '--all', '--force']);
    await createMissingFunctions(api, cli, log, work.functions);
    await step(cli, log, 'appwrite push functions --all --force', ['push', 'functions', '--all', '--force']);
    const variables = await upsertVariables(api, work.functions, config.variables, log);
    const functions = await checkDeployed(api, work.functions);
    log(`deployed ${functions.length} function(s): ${functions.map((f) => f.id).join(', ')}`);
    return { functions, variables };
  } finally {
    if (!options.keepWorkDir) rmSync(dirname(work.dir), { recursive: true, force: true });
  }
}

async function step(cli: CliRunner, log: (l: string) => void, shown: string, args: string[]): Promise<string> {
  log(`$ ${shown}`);
  const run = await cli(args);
  // CLI 12 prints some failures (a function that failed to push) and still exits 0.
  const failed = run.code !== 0 || /^\s*✗\s*Error/m.test(run.output);
  if (failed) throw new DeployError(`${shown} failed (exit ${run.code}):\n${run.output.trim()}`);
  return run.output;
}

/**
 * CLI 12 cannot create a function with only an API key: after creating it, `push functions`
 * asks the console API for the functions domain with a console session and gives up
 * (appwrite/sdk-for-cli#239, fixed in later majors). `appwrite functions create` has no such
 * step, so missing functions are created that way; `push functions` then updates and deploys.
 */
async function createMissingFunctions(api: Functions, cli: CliRunner, log: (l: string) => void, functions: FunctionSpec[]): Promise<void> {
  const existing = new Set<string>();
  const list = await api.list({ queries: [Query.limit(100)] });
  for (const fn of list.functions) existing.add(fn.$id);
  for (const fn of functions) {
    if (existing.has(fn.$id)) continue;
    await step(cli, log, `appwrite functions create --function-id ${fn.$id} --name ${fn.name} --runtime ${fn.runtime}`, [
      'functions', 'create', '--function-id', fn.$id, '--name', fn.name, '--runtime', fn.runtime,
    ]);
  }
}

/**
 * Sets each variable as a secret on every function. Not through the CLI: its `--with-variables`
 * reads a `.env` inside the uploaded folder and stores the values as non-secret.
 */
async function upsertVariables(api: Functions, functions: FunctionSpec[], variables: Record<string, string>, log: (l: string) => void): Promise<string[]> {
  const names = Object.keys(variables).sort();
  if (names.length === 0) {
    log('no function variables in the environment (GEMINI_API_KEY, RENDER_BACKEND …); functions keep the ones they have');
    return [];
  }
  for (const fn of functions) {
    const current = await api.listVariables({ functionId: fn.$id });
    for (const key of names) {
      const value = variables[key] as string;
      const found = current.variables.find((v) => v.key === key);
      if (found) await api.updateVariable({ functionId: fn.$id, variableId: found.$id, key, value, secret: true });
      // Variable ids are unique across the project, not per function.
      else await api.createVariable({ functionId: fn.$id, variableId: ID.unique(), key, value, secret: true });
    }
  }
  log(`set ${names.length} variable(s) on ${functions.length} function(s): ${names.join(', ')} (values hidden)`);
  return names;
}

async function checkDeployed(api: Functions, functions: FunctionSpec[]): Promise<DeployReport['functions']> {
  const problems: string[] = [];
  const deployed: DeployReport['functions'] = [];
  for (const fn of functions) {
    try {
      const remote = DeployedFunction.parse(await api.get({ functionId: fn.$id }));
      if (remote.runtime !== fn.runtime) problems.push(`${fn.$id}: runtime is ${remote.runtime} on the server, ${fn.runtime} in appwrite.json (delete the function on the server to change it)`);
      else if (!remote.deploymentId) problems.push(`${fn.$id}: no active deployment (latest status: ${remote.latestDeploymentStatus ?? 'unknown'})`);
      else deployed.push({ id: fn.$id, deploymentId: remote.deploymentId });
    } catch (err) {
      problems.push(`${fn.$id}: ${err instanceof AppwriteException ? `${err.message} (${err.code})` : String(err)}`);
    }
  }
  if (problems.length) throw new DeployError(`some functions are not deployed:\n  ${problems.join('\n  ')}`);
  return deployed;
}
