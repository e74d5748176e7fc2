import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

// Serves the built dashboard. `/config.json` tells it where the API is, computed from the
// Host the browser used, so the same build works on any port or hostname.
export function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, staticDir: string | undefined): void {
  if (url.pathname === '/config.json') {
    const host = req.headers.host ?? 'localhost';
    const text = JSON.stringify({ endpoint: `http://${host}/v1`, projectId: 'local' });
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(text);
    return;
  }
  if (!staticDir || !existsSync(join(staticDir, 'index.html'))) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(staticDir ? `No dashboard build in ${staticDir}; run the dashboard build first.\n` : 'Not found\n');
    return;
  }
  const root = resolve(staticDir);
  let file = resolve(join(root, normalize(decodeURIComponent(url.pathname))));
  if (file !== root && !file.startsWith(root + sep)) file = join(root, 'index.html');
  if (!existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'content-length': statSync(file).size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
