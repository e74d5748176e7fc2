import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAuthResolver } from './core/auth.js';
import { ChangeBus } from './core/bus.js';
import { applyCors } from './core/cors.js';
import { AppwriteError } from './core/errors.js';
import { DEV_API_KEY, Keys } from './core/keys.js';
import { createContext, Router, sendError } from './core/router.js';
import type { AttachRuntime, RuntimeHandle } from './core/runtime-seam.js';
import { DEFAULT_APPWRITE_VERSION, type AppwriteVersion } from './core/scopes.js';
import { AppwriteConfig, loadConfig } from './schema/config.js';
import { openDatabase } from './store/sqlite.js';
import { registerCoreRoutes, type CoreServices, createCoreServices } from './routes.js';
import { serveStatic } from './static-files.js';
import { checkConfigBuckets, DEFAULT_STORAGE_LIMIT } from './management/bucket-routes.js';

export type LocalStackOptions = {
  /** 0 = any free port */
  port?: number;
  host?: string;
  dataDir: string;
  configPath?: string;
  apiKey?: string;
  /** more API keys, secret → scopes, for tests of what a key with fewer scopes may do */
  apiKeys?: Record<string, string[]>;
  /** extra env for function executions (used by the runtime) */
  env?: Record<string, string>;
  poolSize?: number;
  schedules?: boolean;
  /** a built dashboard to serve at `/` */
  staticDir?: string;
  quiet?: boolean;
  /**
   * The Appwrite version to behave as (default 1.9.5): answered by /v1/health/version, and it
   * decides the Realtime protocol and channels and the scope labels that differ between versions.
   */
  appwriteVersion?: AppwriteVersion;
  /** the largest file a bucket may accept, in bytes, as `_APP_STORAGE_LIMIT` (default 30 MB, Appwrite's) */
  storageLimit?: number;
};

export type LocalStack = {
  endpoint: string;
  origin: string;
  port: number;
  appwriteVersion: AppwriteVersion;
  projectId: string;
  apiKey: string;
  dataDir: string;
  /** Renders handed off to the stack's render worker whose results are not yet written back: work no execution list shows. */
  pendingRenders(): number;
  close(): Promise<void>;
};

export const PROJECT_ID = 'local';
/** Traefik's default idle timeout for an entrypoint (`respondingTimeouts.idleTimeout`), in front of every Appwrite install. */
const KEEP_ALIVE_MS = 180_000;
const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CONFIG_PATH = resolve(HERE, '../../appwrite.json');

export class StartupError extends Error {
  override name = 'StartupError';
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const configPath = resolve(options.configPath ?? DEFAULT_CONFIG_PATH);
  const config: AppwriteConfig = loadConfig(configPath);
  const storageLimit = options.storageLimit ?? DEFAULT_STORAGE_LIMIT;
  checkConfigBuckets(config, storageLimit);
  const dataDir = resolve(options.dataDir);
  ensureWritableDir(dataDir);
  const db = openDatabase(join(dataDir, 'local-appwrite.sqlite'));
  const apiKey = options.apiKey ?? DEV_API_KEY;
  const keys = new Keys(apiKey, options.apiKeys);
  const bus = new ChangeBus();
  const router = new Router();
  const appwriteVersion = options.appwriteVersion ?? DEFAULT_APPWRITE_VERSION;
  const services: CoreServices = createCoreServices({ db, bus, config, dataDir, projectId: PROJECT_ID, version: appwriteVersion, storageLimit });
  const resolveAuth = createAuthResolver(PROJECT_ID, keys, services.accounts.lookupSession);
  registerCoreRoutes(router, services);

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  // Node closes an idle kept-alive connection after 5 s and announces `Keep-Alive: timeout=5`,
  // from which undici (node-appwrite's HTTP client) reuses a socket for up to 3 s. A client
  // whose event loop stalls past the 5 s (a loaded machine) then writes on a socket the server
  // already closed: `fetch failed: other side closed`. Appwrite sits behind Traefik, which keeps
  // idle connections 180 s; so does this server, with the header timeout above it as Node asks.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  const log = options.quiet ? () => {} : (line: string) => console.log(line);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      applyCors(req, res);
      const method = req.method ?? 'GET';
      if (method === 'OPTIONS') {
        res.writeHead(204);
        res.end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith('/v1/') && url.pathname !== '/v1') {
        if (method === 'GET' || method === 'HEAD') return serveStatic(req, res, url, options.staticDir);
      }
      const project = (req.headers['x-appwrite-project'] as string | undefined) ?? url.searchParams.get('project') ?? undefined;
      // The appwrite CLI checks the endpoint with project `console` before anything else.
      const consoleProbe = project === 'console' && url.pathname.startsWith('/v1/health');
      if (project !== undefined && project !== PROJECT_ID && project !== '' && !consoleProbe) {
        throw new AppwriteError(404, 'project_not_found', 'Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used.');
      }
      const found = router.match(method, url.pathname);
      if (!found || found === 'method') throw new AppwriteError(404, 'general_route_not_found', 'The requested route was not found. Please refer to the API docs and try again.');
      const ctx = await createContext(req, res, url, found.params, { resolveAuth, projectId: PROJECT_ID });
      const result = await found.handler(ctx);
      if (!res.writableEnded && !res.headersSent) {
        if (result === undefined) ctx.noContent();
        else ctx.json(result);
      }
    } catch (err) {
      sendError(res, err);
    }
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    const onError = (err: NodeJS.ErrnoException) => {
      db.close();
      if (err.code === 'EADDRINUSE') fail(new StartupError(`port ${options.port} on ${host} is already in use; stop the other process or set PORT to another port`));
      else if (err.code === 'EACCES') fail(new StartupError(`no permission to listen on ${host}:${options.port}; use a port above 1024`));
      else fail(err);
    };
    server.once('error', onError);
    server.listen(options.port ?? 4000, host, () => {
      server.off('error', onError);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const endpoint = `${origin}/v1`;

  let runtime: RuntimeHandle | void = undefined;
  try {
    const attach = await loadRuntime();
    if (attach) {
      runtime = await attach({
        router, bus, keys, resolveAuth, server, config, configDir: dirname(configPath), db, options, projectId: PROJECT_ID, endpoint, dataDir, appwriteVersion,
      });
    }
  } catch (err) {
    // A half-started stack would hold the port and the database open.
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    db.close();
    throw err;
  }
  log(`local-appwrite listening on ${endpoint} (project ${PROJECT_ID}, data ${dataDir})`);

  let closed = false;
  return {
    endpoint, origin, port, appwriteVersion, projectId: PROJECT_ID, apiKey, dataDir,
    pendingRenders: () => (runtime ? runtime.pendingRenders?.() ?? 0 : 0),
    async close() {
      if (closed) return;
      closed = true;
      if (runtime) await runtime.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      // Lets SQLite gather the statistics that pick the expression indexes next time.
      db.pragma('optimize');
      db.close();
    },
  };
}

// The runtime (helper B's folder) is optional so the core runs and is tested on its own.
async function loadRuntime(): Promise<AttachRuntime | undefined> {
  const candidates = ['runtime/index.ts', 'runtime/index.js'].map((f) => join(HERE, f));
  const file = candidates.find((f) => existsSync(f));
  if (!file) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { attachRuntime?: AttachRuntime };
  return mod.attachRuntime;
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new StartupError(`data directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set APPWRITE_DATA_DIR to a writable folder`);
  }
}

export type { Server };
