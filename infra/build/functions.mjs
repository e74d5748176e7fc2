// Bundles every function (functions/<id>/src/main.ts) into functions/<id>/dist/main.js with
// esbuild: an Appwrite deployment uploads only the function's own folder, so each bundle must
// carry its dependencies. `node infra/build/functions.mjs [id …]` builds some of them;
// `--out <dir>` writes <dir>/<id>/ instead of functions/<id>/dist/ (the build's own test).
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../functions/', import.meta.url).pathname;
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outRoot = outAt >= 0 ? args.splice(outAt, 2)[1] : undefined;
const wanted = args;
const distOf = (id) => (outRoot ? join(outRoot, id) : join(root, id, 'dist'));
const ids = readdirSync(root).filter((id) => existsSync(join(root, id, 'src/main.ts')) && (wanted.length === 0 || wanted.includes(id)));

// Chunks are named by content hash: clear the old ones so a deployment uploads only the current set.
for (const id of ids) rmSync(distOf(id), { recursive: true, force: true });

await Promise.all(ids.map((id) => build({
  entryPoints: { main: join(root, id, 'src/main.ts') },
  outdir: distOf(id),
  // main.js holds only the entry and the pre-filter; the handler, the SDK and the rest load as
  // chunks when an execution has work. Most executions are guard no-ops (events for states a
  // function does not serve), and importing the whole bundle was most of their cost.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  // appwrite.json's runtime is node-22 (Node 20 is past its end of life and in no default
  // self-hosted _APP_FUNCTIONS_RUNTIMES either); the bundle targets what it runs on.
  target: 'node22',
  format: 'esm',
  // A linked map, not an inline one: every execution imports the bundle, and an inline map
  // tripled its size and made the import ~1.7× slower (295 vs 172 ms measured here).
  sourcemap: 'linked',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
})));
if (ids.length) console.log(`built ${ids.length} function bundle(s): ${ids.join(', ')}`);
