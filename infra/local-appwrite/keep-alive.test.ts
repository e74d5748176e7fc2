import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from './server.js';

// Under load, a function's event loop can stall for seconds between two calls on one
// kept-alive connection. Node's default (close after 5 s idle, while undici reuses a socket
// for 3 s) let the server close a socket the SDK then wrote on: `fetch failed: other side
// closed`. The poller runs in its own process, as a function does, and stalls its own loop.
const CONFIG = resolve(import.meta.dirname, 'fixtures/conformance.appwrite.json');
const STALL_MS = 5_500;
const POLLER = `
import { Client, TablesDB } from 'node-appwrite';
const [endpoint, key, stallMs] = process.argv.slice(1);
const tables = new TablesDB(new Client().setEndpoint(endpoint).setProject('local').setKey(key));
const failures = [];
for (let i = 0; i < 3; i++) {
  try { await tables.listRows({ databaseId: 'app', tableId: 'public' }); }
  catch (e) { failures.push(i + ': ' + e.message + ' (' + (e.cause?.message ?? '') + ')'); }
  if (i < 2) { const until = Date.now() + Number(stallMs); while (Date.now() < until); }
}
console.log(JSON.stringify(failures));
`;

let stack: LocalStack;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'la-keepalive-'));
  stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, quiet: true, schedules: false });
});
afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kept-alive connections', () => {
  it('survive a client whose event loop stalls past Node\'s default idle timeout between polls', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', POLLER, stack.endpoint, stack.apiKey, String(STALL_MS)], {
      cwd: import.meta.dirname,
    });
    expect(JSON.parse(stdout) as string[]).toEqual([]);
  }, 60_000);
});
