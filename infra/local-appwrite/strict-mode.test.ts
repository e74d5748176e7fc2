import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Databases, Storage, TablesDB } from 'node-appwrite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AppwriteVersion } from './core/scopes.js';
import { ConfigError } from './schema/config.js';
import { failure } from './sdk-failure.js';
import { startLocalStack, type LocalStack } from './server.js';

// The local server refuses what real Appwrite refuses: each route accepts exactly the scope
// labels Appwrite's route declares (any one of them), bucket sizes stay within
// `_APP_STORAGE_LIMIT`, and the version it answers is the one it behaves as.
const CONFIG = resolve(import.meta.dirname, 'fixtures/conformance.appwrite.json');
const KEYS = {
  tablesOnly: ['databases.read', 'tables.read', 'tables.write'],
  columnsOnly: ['databases.read', 'tables.read', 'columns.write'],
  rowsOnly: ['rows.read', 'rows.write'],
};
const dirs: string[] = [];
const stacks: LocalStack[] = [];

async function stack(options: { appwriteVersion?: AppwriteVersion; storageLimit?: number; configPath?: string } = {}): Promise<LocalStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'la-strict-'));
  dirs.push(dataDir);
  const s = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, quiet: true, schedules: false, apiKeys: KEYS, ...options });
  stacks.push(s);
  return s;
}
const client = (s: LocalStack, key: string) => new Client().setEndpoint(s.endpoint).setProject(s.projectId).setKey(key);

async function version(s: LocalStack): Promise<string> {
  const answer = (await (await fetch(`${s.endpoint}/health/version`)).json()) as { version: string };
  return answer.version;
}

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.close()));
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('scope labels per route', () => {
  it('guards the legacy attributes routes (what appwrite CLI 12 pushes columns through) with collections.write only', async () => {
    const s = await stack();
    const key = client(s, 'tablesOnly');
    await new TablesDB(key).createStringColumn({ databaseId: 'app', tableId: 'notes', key: 'via_tables', size: 10, required: false });
    const refused = await failure(new Databases(key).createStringAttribute({ databaseId: 'app', collectionId: 'notes', key: 'via_legacy', size: 10, required: false }));
    expect(refused).toEqual({ code: 401, type: 'general_unauthorized_scope', message: 'app (role: applications) missing scopes (["collections.write"])' });
    const columns = (await new TablesDB(client(s, s.apiKey)).listColumns({ databaseId: 'app', tableId: 'notes' })).columns.map((c) => c.key);
    expect(columns).toContain('via_tables');
    expect(columns).not.toContain('via_legacy');
  });

  it('lets rows.* keys write TablesDB rows but not legacy documents, which need documents.*', async () => {
    const s = await stack();
    const key = client(s, 'rowsOnly');
    const legacyData: Record<string, unknown> = { n: 2 };
    await new TablesDB(key).createRow({ databaseId: 'app', tableId: 'public', rowId: 'r1', data: { n: 1 } });
    const refused = await failure(new Databases(key).createDocument({ databaseId: 'app', collectionId: 'public', documentId: 'd1', data: legacyData }));
    expect(refused).toMatchObject({ code: 401, type: 'general_unauthorized_scope', message: expect.stringContaining('["documents.write"]') });
  });

  it('accepts columns.write on TablesDB columns from 1.9.5 on; 1.8.1 knows only tables.write / collections.write there', async () => {
    const later = await stack({ appwriteVersion: '1.9.5' });
    await new TablesDB(client(later, 'columnsOnly')).createStringColumn({ databaseId: 'app', tableId: 'notes', key: 'c1', size: 10, required: false });
    const older = await stack({ appwriteVersion: '1.8.1' });
    const refused = await failure(new TablesDB(client(older, 'columnsOnly')).createStringColumn({ databaseId: 'app', tableId: 'notes', key: 'c1', size: 10, required: false }));
    expect(refused.message).toBe('app (role: applications) missing scopes (["tables.write","collections.write"])');
    expect(await version(older)).toBe('1.8.1');
    expect(await version(later)).toBe('1.9.5');
  });
});

describe('storage limit (_APP_STORAGE_LIMIT)', () => {
  it('refuses a bucket above the limit as Appwrite validates maximumFileSize, and accepts it under a raised limit', async () => {
    const s = await stack();
    const storage = new Storage(client(s, s.apiKey));
    const refused = await failure(storage.createBucket({ bucketId: 'big', name: 'big', maximumFileSize: 30_000_001 }));
    expect(refused).toEqual({ code: 400, type: 'general_argument_invalid', message: 'Invalid `maximumFileSize` param: Value must be a valid range between 1 and 30,000,000' });
    expect((await storage.listBuckets()).buckets.map((b) => b.$id)).not.toContain('big');
    expect((await storage.createBucket({ bucketId: 'default', name: 'default' })).maximumFileSize).toBe(30_000_000);

    const raised = await stack({ storageLimit: 100_000_000 });
    expect((await new Storage(client(raised, raised.apiKey)).createBucket({ bucketId: 'big', name: 'big', maximumFileSize: 30_000_001 })).maximumFileSize).toBe(30_000_001);
  });

  it('will not start with an appwrite.json bucket Appwrite would refuse', async () => {
    const config = JSON.parse(readFileSync(CONFIG, 'utf8')) as { buckets: { maximumFileSize: number }[] };
    config.buckets[0]!.maximumFileSize = 200_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'la-strict-config-'));
    dirs.push(dir);
    const path = join(dir, 'appwrite.json');
    writeFileSync(path, JSON.stringify(config));
    await expect(stack({ configPath: path })).rejects.toThrow(ConfigError);
    await expect(stack({ configPath: path })).rejects.toThrow(/maximumFileSize 200000000 is above the storage limit 30000000/);
    await stack({ configPath: path, storageLimit: 200_000_000 });
  });
});

describe('Realtime as 1.8.1 speaks it', () => {
  /** Opens a socket and collects its messages until `until` holds or it closes. */
  function socket(url: string): { messages: Record<string, unknown>[]; closed: Promise<number>; ws: WebSocket; next: (n: number) => Promise<void> } {
    const ws = new WebSocket(url);
    const messages: Record<string, unknown>[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (raw) => {
      messages.push(JSON.parse(String(raw)) as Record<string, unknown>);
      waiters.splice(0).forEach((w) => w());
    });
    const closed = new Promise<number>((ok) => ws.on('close', (code) => ok(code)));
    const next = async (n: number) => {
      while (messages.length < n) await new Promise<void>((ok) => waiters.push(ok));
    };
    return { messages, closed, ws, next };
  }

  it('closes a socket without channels (1008 Missing channels), refuses subscribe messages, publishes no tablesdb channels', async () => {
    const s = await stack({ appwriteVersion: '1.8.1' });
    const base = `${s.endpoint.replace('http', 'ws')}/realtime?project=local`;
    const bare = socket(base);
    expect(await bare.closed).toBe(1008);
    expect(bare.messages).toEqual([{ type: 'error', data: { code: 1008, message: 'Missing channels' } }]);

    const listening = socket(`${base}&channels[]=databases.app.tables.public.rows&channels[]=tablesdb.app.tables.public.rows`);
    await listening.next(1);
    expect(listening.messages[0]).toEqual({ type: 'connected', data: { channels: ['databases.app.tables.public.rows', 'tablesdb.app.tables.public.rows'], user: null } });
    listening.ws.send(JSON.stringify({ type: 'subscribe', data: [{ channels: ['rows'] }] }));
    await listening.next(2);
    expect(listening.messages[1]).toEqual({ type: 'error', data: { code: 1003, message: 'Message type is not valid.' } });

    await new TablesDB(client(s, s.apiKey)).createRow({ databaseId: 'app', tableId: 'public', rowId: 'seen', data: { n: 1 }, permissions: ['read("any")'] });
    await listening.next(3);
    const event = listening.messages[2] as { type: string; data: { channels: string[] }; subscriptions?: unknown };
    expect(event.type).toBe('event');
    expect(event.subscriptions).toBeUndefined();
    expect(event.data.channels).toContain('databases.app.tables.public.rows');
    expect(event.data.channels.some((c) => c.startsWith('tablesdb.') || c.endsWith('.create'))).toBe(false);
    listening.ws.close();
  });
});
