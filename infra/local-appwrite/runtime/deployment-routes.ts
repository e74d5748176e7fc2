import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { requireScope } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import type { RequestContext, Router } from '../core/router.js';
import { deploymentDir, now, uniqueId } from './function-model.js';
import type { FunctionsRuntime } from './functions.js';
import { parseQueries } from '../tables/queries.js';
import { applyQueries } from '../tables/list-queries.js';
import type { Json, RuntimeStore } from './runtime-store.js';

// Deployments as `appwrite push functions` sends them: a multipart `code` upload of the
// function folder as .tar.gz (5 MB chunks keyed by `x-appwrite-id` and `content-range` when
// bigger), unpacked under the data dir. There is no build step: `commands` are recorded but
// not run, so push code that is already built (the bundles in dist/). A deployment is
// `ready` as soon as its last chunk arrives, and runs on events like a function from
// appwrite.json.

export function registerDeploymentRoutes(router: Router, runtime: FunctionsRuntime, store: RuntimeStore, dataDir: string): void {
  const fnOr404 = (id: string | undefined) => {
    const fn = id ? runtime.get(id) : undefined;
    if (!fn) throw new AppwriteError(404, 'function_not_found', 'Function with the requested ID could not be found.');
    return fn;
  };
  const deploymentOr404 = (functionId: string, id: string | undefined) => {
    const deployment = id ? store.getDeployment(functionId, id) : undefined;
    if (!deployment) throw new AppwriteError(404, 'deployment_not_found', 'Deployment with the requested ID could not be found.');
    return deployment;
  };

  const activate = (functionId: string, deployment: Json) => {
    const fn = fnOr404(functionId);
    runtime.save({
      ...fn,
      deploymentId: String(deployment.$id),
      deploymentCreatedAt: String(deployment.$createdAt),
      entrypoint: String(deployment.entrypoint || fn.entrypoint),
    });
  };

  router.add('POST', '/v1/functions/:functionId/deployments', (ctx) => {
    requireScope(ctx.auth, 'functions.write');
    const fn = fnOr404(ctx.params.functionId);
    const file = ctx.files.find((f) => f.field === 'code');
    if (!file) throw new AppwriteError(400, 'storage_file_empty', 'No file sent.');
    const range = parseRange(ctx.header('content-range'), file.data.length);
    const id = ctx.header('x-appwrite-id') || uniqueId();
    const uploads = resolve(dataDir, 'uploads', 'deployments', id);
    mkdirSync(uploads, { recursive: true });
    writeFileSync(join(uploads, String(range.start).padStart(12, '0')), file.data);
    const received = readdirSync(uploads).reduce((sum, name) => sum + statSync(join(uploads, name)).size, 0);
    const chunksTotal = Math.max(1, Math.ceil(range.total / (5 * 1024 * 1024)));
    const created = now();
    const base = {
      $id: id,
      $createdAt: created,
      $updatedAt: created,
      type: 'manual',
      resourceId: fn.$id,
      resourceType: 'functions',
      entrypoint: stringOf(ctx.body.entrypoint) || fn.entrypoint,
      commands: stringOf(ctx.body.commands) ?? '',
      sourceSize: range.total,
      buildSize: 0,
      totalSize: range.total,
      buildId: '',
      activate: ctx.body.activate === true || ctx.body.activate === 'true',
      screenshotLight: '',
      screenshotDark: '',
      buildLogs: '',
      buildDuration: 0,
      providerRepositoryName: '',
      providerRepositoryOwner: '',
      providerRepositoryUrl: '',
      providerBranch: '',
      providerCommitHash: '',
      providerCommitAuthorUrl: '',
      providerCommitAuthor: '',
      providerCommitMessage: '',
      providerCommitUrl: '',
      providerBranchUrl: '',
      chunksTotal,
      chunksUploaded: readdirSync(uploads).length,
    };
    if (received < range.total) {
      ctx.json({ ...base, status: 'waiting' }, 202);
      return;
    }
    const archive = Buffer.concat(readdirSync(uploads).sort().map((name) => readFileSync(join(uploads, name))));
    rmSync(uploads, { recursive: true, force: true });
    const target = deploymentDir(dataDir, fn.$id, id);
    const deployment = { ...base, status: 'ready', buildLogs: unpack(archive, target) };
    store.putDeployment(fn.$id, deployment);
    if (deployment.activate) activate(fn.$id, deployment);
    ctx.json(deployment, 202);
  });

  router.add('GET', '/v1/functions/:functionId/deployments', (ctx) => {
    requireScope(ctx.auth, 'functions.read');
    const fn = fnOr404(ctx.params.functionId);
    const { total, documents } = applyQueries(store.listDeployments(fn.$id), parseQueries(ctx.query.queries));
    return { total, deployments: documents };
  });

  router.add('GET', '/v1/functions/:functionId/deployments/:deploymentId', (ctx) => {
    requireScope(ctx.auth, 'functions.read');
    const fn = fnOr404(ctx.params.functionId);
    return deploymentOr404(fn.$id, ctx.params.deploymentId);
  });

  router.add('PATCH', '/v1/functions/:functionId/deployment', (ctx) => activateRoute(ctx, stringOf(ctx.body.deploymentId)));
  // The older path (CLI and SDKs before 1.7).
  router.add('PATCH', '/v1/functions/:functionId/deployments/:deploymentId', (ctx) => activateRoute(ctx, ctx.params.deploymentId));

  function activateRoute(ctx: RequestContext, deploymentId: string | undefined): Json {
    requireScope(ctx.auth, 'functions.write');
    const fn = fnOr404(ctx.params.functionId);
    const deployment = deploymentOr404(fn.$id, deploymentId);
    activate(fn.$id, deployment);
    return fnOr404(fn.$id);
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseRange(header: string | undefined, size: number): { start: number; total: number } {
  if (!header) return { start: 0, total: size };
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (!match) throw new AppwriteError(400, 'storage_invalid_content_range', 'Invalid content-range header.');
  return { start: Number(match[1]), total: Number(match[3]) };
}

/** Unpacks a .tar.gz into a fresh folder with the system tar; returns tar's listing as the build log. */
function unpack(archive: Buffer, target: string): string {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  try {
    // --no-same-owner: files belong to whoever runs the stack, not to the uploader's uid.
    const listing = execFileSync('tar', ['-xzvf', '-', '-C', target, '--no-same-owner'], { input: archive, encoding: 'utf8' });
    if (!existsSync(target)) throw new Error('nothing unpacked');
    return listing;
  } catch (err) {
    throw new AppwriteError(400, 'deployment_invalid', `The code archive could not be unpacked: ${(err as Error).message.split('\n')[0]}`);
  }
}
