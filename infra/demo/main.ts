import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { captionsPath } from '../cli/captions-path.js';
import { main as cli, type Io } from '../cli/main.js';
import { terminal } from '../cli/watch.js';
import { startLocalStack, StartupError, type LocalStack } from '../local-appwrite/server.js';
import { readDemoConfig, type DemoConfig } from './config.js';

/**
 * `npm run demo`: the local stack in this process, one video on the offline provider, narrated
 * by the offline piper voice, followed in the CLI's watch view; the MP4 and its WebVTT captions
 * saved under .artifacts/, the dashboard served until Ctrl-C. No key and no network.
 */
const TOPIC = 'How a binary search works';
const DESCRIPTION = 'Halving a sorted list: compare with the middle, keep the half that can hold the target, repeat until found.';
const PORT_TRIES = 10;

const config = readDemoConfig(process.argv.slice(2));
const staticDir = await ensureDashboard(config);
const stack = await startOnFreePort(config, staticDir);
let exitCode = 0;
try {
  console.log(`\nlocal stack: ${stack.endpoint} (project ${stack.projectId}, data in ${stack.dataDir})`);
  console.log(`making "${TOPIC}" on the offline provider, narrated by the offline piper voice (no API key, no network)…\n`);
  let videoId = '';
  const io: Io = {
    out: { ...terminal(), write: (text) => {
      // The first line `create` prints is the new video's id.
      if (!videoId) videoId = text.split('\n')[0]?.trim() ?? '';
      process.stdout.write(text);
    } },
    err: (line) => void process.stderr.write(`${line}\n`),
  };
  exitCode = await cli([
    'create', TOPIC,
    '--description', DESCRIPTION,
    '--provider', 'offline',
    '--voice', 'piper',
    '--quality', 'preview',
    '--max-scenes', '4',
    '--watch',
    '-o', config.artifact,
    '--endpoint', stack.endpoint,
    '--project', stack.projectId,
    '--key', stack.apiKey,
  ], io, config.cliEnv);
  if (exitCode === 0) console.log(`\nvideo: ${config.artifact}\ncaptions: ${captionsPath(config.artifact)}`);
  else console.log(`\nthe demo video did not complete (exit ${exitCode}); the messages above say why.`);
  if (staticDir) {
    console.log(`dashboard: ${stack.origin}/#/videos/${videoId}`);
    console.log(`  sign in there with ${config.account.email} / ${config.account.password} (a local demo account) to see this video`);
  } else {
    console.log(`dashboard: not built (npm run build -w dashboard), API at ${stack.endpoint}`);
  }
} catch (err) {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
}

if (config.exitWhenDone) {
  await stack.close();
  process.exit(exitCode);
} else {
  console.log('the stack keeps running; press Ctrl-C to stop it.');
  const stop = () => void stack.close().then(() => process.exit(exitCode));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * Port 4000 unless taken; then the next free one, said plainly. Whatever holds port 4000 is
 * likely `npm start` on the same .data/ folder, so a stack on another port keeps its data in a
 * folder of its own rather than share one SQLite file between two servers.
 */
async function startOnFreePort(cfg: DemoConfig, dashboard: string | undefined): Promise<LocalStack> {
  for (let port = cfg.firstPort; port < cfg.firstPort + PORT_TRIES; port++) {
    const dataDir = port === cfg.firstPort ? cfg.dataDir : join(cfg.dataDir, `demo-port-${port}`);
    try {
      const stack = await startLocalStack({ port, dataDir, staticDir: dashboard, quiet: true });
      if (port !== cfg.firstPort) console.log(`port ${cfg.firstPort} is taken; the local stack is on port ${port} instead, with its data in ${dataDir}.`);
      return stack;
    } catch (err) {
      if (!(err instanceof StartupError && /already in use/.test(err.message))) throw err;
    }
  }
  throw new Error(`ports ${cfg.firstPort}–${cfg.firstPort + PORT_TRIES - 1} are all taken; set PORT to a free one`);
}

/** The dashboard is static files; build them once if this clone has none yet. */
async function ensureDashboard(cfg: DemoConfig): Promise<string | undefined> {
  const root = join(cfg.repoRoot, 'dashboard');
  const dist = join(root, 'dist');
  if (existsSync(join(dist, 'index.html'))) return dist;
  if (!existsSync(join(root, 'index.html'))) return undefined;
  console.log('building the dashboard (first run only)…');
  try {
    const { build } = await import('vite');
    await build({ root, logLevel: 'warn', configFile: existsSync(join(root, 'vite.config.ts')) ? join(root, 'vite.config.ts') : false });
    return existsSync(join(dist, 'index.html')) ? dist : undefined;
  } catch (err) {
    console.log(`the dashboard did not build (${err instanceof Error ? err.message : String(err)}); the video is made anyway.`);
    return undefined;
  }
}
