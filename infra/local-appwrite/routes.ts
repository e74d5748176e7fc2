import { join } from 'node:path';
import { Accounts } from './accounts/accounts.js';
import { registerAccountRoutes } from './accounts/routes.js';
import type { ChangeBus } from './core/bus.js';
import type { AppwriteVersion } from './core/scopes.js';
import type { Router } from './core/router.js';
import { registerBucketRoutes } from './management/bucket-routes.js';
import { registerSchemaRoutes } from './management/schema-routes.js';
import { Catalog } from './schema/catalog.js';
import type { AppwriteConfig } from './schema/config.js';
import { FileTokens } from './storage/file-tokens.js';
import { Files } from './storage/files.js';
import { registerStorageRoutes } from './storage/routes.js';
import { registerTokenRoutes } from './storage/token-routes.js';
import type { Db } from './store/sqlite.js';
import { COLLECTIONS, TABLES } from './tables/dialect.js';
import { RowStore } from './tables/row-store.js';
import { Rows } from './tables/rows.js';
import { registerRowRoutes, type RowServices } from './tables/routes.js';

// Composes the core services (everything but the runtime) and their routes.
export type CoreDeps = { db: Db; bus: ChangeBus; config: AppwriteConfig; dataDir: string; projectId: string; version: AppwriteVersion; storageLimit: number };
export type CoreServices = CoreDeps & { accounts: Accounts; catalog: Catalog; rows: RowServices; files: Files; tokens: FileTokens };

export function createCoreServices(deps: CoreDeps): CoreServices {
  const catalog = new Catalog(deps.db);
  catalog.seed(deps.config);
  const rowStore = new RowStore(deps.db);
  const files = new Files(deps.db, catalog, deps.bus, join(deps.dataDir, 'storage'));
  return {
    ...deps,
    accounts: new Accounts(deps.db),
    catalog,
    rows: { tables: new Rows(rowStore, catalog, deps.bus, TABLES), collections: new Rows(rowStore, catalog, deps.bus, COLLECTIONS) },
    files,
    tokens: new FileTokens(deps.db, files),
  };
}

export function registerCoreRoutes(router: Router, services: CoreServices): void {
  router.add('GET', '/v1/health', () => ({ name: 'http', ping: 0, status: 'pass' }));
  router.add('GET', '/v1/health/version', () => ({ version: services.version }));
  router.add('GET', '/v1/ping', (ctx) => ctx.send(200, { 'content-type': 'text/plain' }, 'Pong!'));
  registerAccountRoutes(router, services.accounts);
  registerSchemaRoutes(router, services.catalog, services.version);
  registerBucketRoutes(router, services.catalog, services.storageLimit);
  registerRowRoutes(router, services.rows);
  registerStorageRoutes(router, services.files, services.tokens);
  registerTokenRoutes(router, services.tokens);
}
