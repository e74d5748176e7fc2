import { fileURLToPath } from 'node:url';
import { readDeployConfig } from './config.js';
import { deploy } from './deploy.js';

// `npm run deploy`: the bundles are built by the npm script before this runs.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
try {
  const config = readDeployConfig();
  await deploy({ config, repoRoot, verbose: process.argv.includes('--verbose') });
} catch (err) {
  console.error(`deploy failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
