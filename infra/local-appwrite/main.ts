// `npm start`: the local Appwrite-compatible stack on http://localhost:4000/v1.
// The only place in the core that reads the environment:
//   PORT (4000), APPWRITE_API_KEY (dev default `local-dev-key`), APPWRITE_CONFIG
//   (appwrite.json; function paths resolve from its folder), APPWRITE_DATA_DIR (.data/),
//   DASHBOARD_DIR (dashboard/dist, served at /), APPWRITE_COMPAT (the Appwrite version to behave
//   as: 1.9.5 or 1.8.1), _APP_STORAGE_LIMIT (bytes, 30000000 as on Appwrite).
import { resolve } from 'node:path';
import { APPWRITE_VERSIONS, type AppwriteVersion } from './core/scopes.js';
import { ConfigError } from './schema/config.js';
import { DEFAULT_CONFIG_PATH, startLocalStack, StartupError } from './server.js';

const root = resolve(DEFAULT_CONFIG_PATH, '..');
const port = Number(process.env.PORT ?? 4000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`local-appwrite: PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

const compat = process.env.APPWRITE_COMPAT || undefined;
if (compat !== undefined && !(APPWRITE_VERSIONS as readonly string[]).includes(compat)) {
  console.error(`local-appwrite: APPWRITE_COMPAT must be one of ${APPWRITE_VERSIONS.join(', ')}, got ${JSON.stringify(compat)}`);
  process.exit(1);
}
const storageLimit = process.env._APP_STORAGE_LIMIT ? Number(process.env._APP_STORAGE_LIMIT) : undefined;
if (storageLimit !== undefined && !(Number.isInteger(storageLimit) && storageLimit > 0)) {
  console.error(`local-appwrite: _APP_STORAGE_LIMIT must be a number of bytes, got ${JSON.stringify(process.env._APP_STORAGE_LIMIT)}`);
  process.exit(1);
}

try {
  const stack = await startLocalStack({
    appwriteVersion: compat as AppwriteVersion | undefined,
    storageLimit,
    port,
    host: '127.0.0.1',
    dataDir: resolve(process.env.APPWRITE_DATA_DIR ?? resolve(root, '.data')),
    configPath: resolve(process.env.APPWRITE_CONFIG ?? DEFAULT_CONFIG_PATH),
    apiKey: process.env.APPWRITE_API_KEY || undefined,
    staticDir: resolve(process.env.DASHBOARD_DIR ?? resolve(root, 'dashboard/dist')),
  });
  console.log(`dashboard: ${stack.origin.replace('127.0.0.1', 'localhost')}/   API: ${stack.endpoint}   project: ${stack.projectId}`);
  const stop = () => {
    void stack.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if (err instanceof StartupError || err instanceof ConfigError) {
    console.error(`local-appwrite: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
