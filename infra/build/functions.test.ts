import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

// Calls a bundle's default export the way the runner does, in a process of its own.
const CALL = `
const [entrypoint, trigger, status] = process.argv.slice(1);
const mod = await import(entrypoint);
const ctx = { req: { headers: { 'x-appwrite-trigger': trigger, 'x-appwrite-key': 'k', 'x-appwrite-event': 'databases.studio.tables.scenes.rows.s1.update' }, bodyText: JSON.stringify({ $id: 's1', status }) }, res: { json: (body, status) => ({ body, status }) }, log: () => {}, error: () => {} };
try { console.log(JSON.stringify(await mod.default(ctx))); } catch (err) { console.log(JSON.stringify({ thrown: err.code ?? String(err) })); }
`;

describe('function bundles', () => {
  let out = '';
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'bundles-'));
    execFileSync(process.execPath, [join(ROOT, 'infra/build/functions.mjs'), 'code-scene', '--out', out], { cwd: ROOT, stdio: 'ignore' });
    writeFileSync(join(out, 'package.json'), '{ "type": "module" }');
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const call = (trigger: string, status: string) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', CALL, join(out, 'code-scene/main.js'), trigger, status], { encoding: 'utf8' }).trim()) as unknown;

  it('answers a no-op event from main.js alone: the handler, the SDK and config are chunks it never imports', () => {
    const dir = join(out, 'code-scene');
    const main = readFileSync(join(dir, 'main.js'), 'utf8');
    const staticImports = [...main.matchAll(/^import\s[^;]*?from\s+"\.\/(chunks\/[^"]+)"|^import\s+"\.\/(chunks\/[^"]+)"/gm)].map((m) => m[1] ?? m[2]);
    // Everything the no-op path may touch is main.js and its static imports; delete the rest.
    for (const file of readdirSync(join(dir, 'chunks'))) if (!staticImports.includes(`chunks/${file}`)) rmSync(join(dir, 'chunks', file));
    expect(readdirSync(join(dir, 'chunks')).length).toBeLessThan(5);

    expect(call('event', 'coding')).toEqual({ body: { outcome: 'ignored', reason: 'event for a coding row' }, status: 200 });
    // The served status and a direct execution do need the deleted chunks.
    expect(call('event', 'planned')).toEqual({ thrown: 'ERR_MODULE_NOT_FOUND' });
    expect(call('http', 'coding')).toEqual({ thrown: 'ERR_MODULE_NOT_FOUND' });
  });
});
