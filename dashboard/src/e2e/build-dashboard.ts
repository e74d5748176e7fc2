import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export const dashboardDir = fileURLToPath(new URL('../..', import.meta.url));
export const distDir = join(dashboardDir, 'dist');

/**
 * Build the dashboard into dashboard/dist, where the local stack serves it from, and measure
 * the JavaScript a browser downloads. The browser suite calls this first, so `npm test` never
 * drives a stale build.
 */
export async function buildDashboard(): Promise<{ jsBytes: number; jsGzipBytes: number }> {
  await build({ configFile: join(dashboardDir, 'vite.config.ts'), root: dashboardDir, logLevel: 'warn' });
  let jsBytes = 0;
  let jsGzipBytes = 0;
  const assets = join(distDir, 'assets');
  for (const name of readdirSync(assets)) {
    if (!name.endsWith('.js')) continue;
    const bytes = readFileSync(join(assets, name));
    jsBytes += bytes.length;
    jsGzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { jsBytes, jsGzipBytes };
}
