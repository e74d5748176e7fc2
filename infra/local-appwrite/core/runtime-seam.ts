import type { Server } from 'node:http';
import type { AppwriteConfig } from '../schema/config.js';
import type { Db } from '../store/sqlite.js';
import type { ResolveAuth } from './auth.js';
import type { ChangeBus } from './bus.js';
import type { Keys } from './keys.js';
import type { Router } from './router.js';
import type { AppwriteVersion } from './scopes.js';
import type { LocalStackOptions } from '../server.js';

// The seam between the core (helper A) and the functions runtime + Realtime (helper B).
// startLocalStack() imports `./runtime/index.js` if it exists and calls its
//   export async function attachRuntime(ctx: RuntimeContext): Promise<RuntimeHandle | void>
// once, after the core routes are registered and the server listens (so `endpoint` is final).
// The runtime registers its routes on `router` (functions, executions, deployments,
// variables), listens to `bus` for row/file changes, handles WebSocket upgrades on `server`
// (`/v1/realtime`), mints per-execution keys with `keys.issue`, and may keep its own tables
// in `db` (same better-sqlite3 connection; prefix them `runtime_`).
export type RuntimeContext = {
  router: Router;
  bus: ChangeBus;
  keys: Keys;
  resolveAuth: ResolveAuth;
  server: Server;
  /** parsed appwrite.json (functions are under `config.functions`, unchecked beyond `$id`) */
  config: AppwriteConfig;
  /** folder of appwrite.json: function `path`s resolve from here */
  configDir: string;
  db: Db;
  options: LocalStackOptions;
  projectId: string;
  /** `http://127.0.0.1:<port>/v1` */
  endpoint: string;
  /** the Appwrite version the stack behaves as (Realtime protocol, APPWRITE_VERSION of executions) */
  appwriteVersion: AppwriteVersion;
  dataDir: string;
};

export type RuntimeHandle = {
  close(): Promise<void> | void;
  /** Renders handed off to the stack's own render worker and not yet written back. */
  pendingRenders?(): number;
};
export type AttachRuntime = (ctx: RuntimeContext) => Promise<RuntimeHandle | void> | RuntimeHandle | void;
