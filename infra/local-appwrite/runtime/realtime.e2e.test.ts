import './browser-globals.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Account, Client as WebClient, Functions as WebFunctions, Query, Realtime, type RealtimeResponseEvent } from 'appwrite';
import { Client, ID, Permission, Role, Storage, TablesDB } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startLocalStack, type LocalStack } from '../server.js';

// Realtime through the web SDK's own `Realtime` class: it subscribes only after `connected`,
// authenticates with the session it keeps in localStorage, and drops any event that does not
// list its subscription id — so these tests fail if any of that protocol is off.

const CONFIG = fileURLToPath(new URL('./fixtures/appwrite.json', import.meta.url));
type Rows = { title: string; n: number; $id: string };

let stack: LocalStack;
let dataDir: string;
let tables: TablesDB;
let storage: Storage;
let web: WebClient;
let userId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'realtime-'));
  stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, schedules: false, quiet: true });
  const server = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
  tables = new TablesDB(server);
  storage = new Storage(server);
  web = new WebClient().setEndpoint(stack.endpoint).setProject(stack.projectId);
  const session = await new Account(web).createAnonymousSession();
  userId = session.userId;
});

afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Collects the events a callback receives, and waits for one that matches. */
function inbox() {
  const events: RealtimeResponseEvent<Rows>[] = [];
  const waiters: { match: (e: RealtimeResponseEvent<Rows>) => boolean; done: (e: RealtimeResponseEvent<Rows>) => void }[] = [];
  return {
    events,
    push(event: RealtimeResponseEvent<Rows>) {
      events.push(event);
      for (const w of [...waiters]) if (w.match(event)) w.done(event);
    },
    next(match: (e: RealtimeResponseEvent<Rows>) => boolean, ms = 5000): Promise<RealtimeResponseEvent<Rows>> {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching realtime event')), ms);
        waiters.push({ match, done: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
  };
}

const createRow = (title: string, permissions: string[]) =>
  tables.createRow({ databaseId: 'testdb', tableId: 'items', rowId: ID.unique(), data: { title }, permissions });

describe('Realtime with the web SDK', () => {
  it('delivers create and update events with the matching subscription ids, only for readable rows', async () => {
    const realtime = new Realtime(web);
    const table = inbox();
    const updates = inbox();
    const wanted = inbox();
    const subTable = await realtime.subscribe('tablesdb.testdb.tables.items.rows', (e: RealtimeResponseEvent<Rows>) => table.push(e));
    const subUpdates = await realtime.subscribe(['rows.update', 'documents.update'], (e: RealtimeResponseEvent<Rows>) => updates.push(e));
    const subWanted = await realtime.subscribe('rows', (e: RealtimeResponseEvent<Rows>) => wanted.push(e), [Query.equal('title', ['wanted'])]);
    // The SDK subscribes after `connected`; one round trip settles it.
    await new Promise((r) => setTimeout(r, 300));

    const mine = await createRow('mine', [Permission.read(Role.user(userId))]);
    const created = await table.next((e) => e.payload.$id === mine.$id);
    expect(created.events[0]).toBe(`tablesdb.testdb.tables.items.rows.${mine.$id}.create`);
    expect(created.events).toContain('databases.testdb.collections.items.documents.*.create');
    expect(created.channels).toContain(`tablesdb.testdb.tables.items.rows.${mine.$id}`);
    expect(created.channels).toContain('rows.create');
    expect(created.payload.title).toBe('mine');
    expect(created.subscriptions).toHaveLength(1);
    const tableSubId = created.subscriptions![0];

    await tables.updateRow({ databaseId: 'testdb', tableId: 'items', rowId: mine.$id, data: { n: 7 } });
    const updatedForTable = await table.next((e) => e.payload.$id === mine.$id && e.events[0]!.endsWith('.update'));
    const updated = await updates.next((e) => e.payload.$id === mine.$id);
    expect(updated.payload.n).toBe(7);
    expect(updated.events).toContain(`databases.testdb.tables.items.rows.${mine.$id}.update`);
    // One message per connection, listing both subscriptions it matched.
    expect(new Set(updated.subscriptions)).toEqual(new Set(updatedForTable.subscriptions));
    expect(updated.subscriptions).toHaveLength(2);
    expect(updated.subscriptions).toContain(tableSubId);

    const secret = await createRow('secret', [Permission.read(Role.user('somebody-else'))]);
    const keyOnly = await createRow('key only', []);
    const hit = await createRow('wanted', [Permission.read(Role.any())]);
    await table.next((e) => e.payload.$id === hit.$id);
    const wantedEvent = await wanted.next((e) => e.payload.$id === hit.$id);
    // The table subscription and the query subscription both match this row.
    expect(wantedEvent.subscriptions).toHaveLength(2);
    expect(wantedEvent.subscriptions).toContain(tableSubId);

    const seen = table.events.map((e) => e.payload.$id);
    expect(seen).not.toContain(secret.$id);
    expect(seen).not.toContain(keyOnly.$id);
    // The query subscription saw only the row it asked for.
    expect(wanted.events.map((e) => e.payload.title)).toEqual(['wanted']);

    await subTable.close();
    await subUpdates.close();
    await subWanted.close();
  });

  it('publishes files on their bucket channel', async () => {
    const realtime = new Realtime(web);
    const files = inbox();
    const sub = await realtime.subscribe('buckets.uploads.files.create', (e: RealtimeResponseEvent<Rows>) => files.push(e));
    await new Promise((r) => setTimeout(r, 300));
    const hidden = await storage.createFile({ bucketId: 'uploads', fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.from('a'), 'hidden.txt') });
    const shown = await storage.createFile({ bucketId: 'uploads', fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.from('b'), 'shown.txt'), permissions: [Permission.read(Role.users())] });
    const event = await files.next((e) => e.payload.$id === shown.$id);
    expect(event.events[0]).toBe(`buckets.uploads.files.${shown.$id}.create`);
    expect(event.channels).toEqual(expect.arrayContaining(['files', 'buckets.uploads.files', `buckets.uploads.files.${shown.$id}`]));
    expect(files.events.map((e) => e.payload.$id)).not.toContain(hidden.$id);
    await sub.close();
  });

  it("publishes a user's own executions on the function's channel as they progress", async () => {
    const realtime = new Realtime(web);
    const seen: RealtimeResponseEvent<{ $id: string; status: string }>[] = [];
    const sub = await realtime.subscribe('functions.on-create-esm', (e: RealtimeResponseEvent<{ $id: string; status: string }>) => seen.push(e));
    await new Promise((r) => setTimeout(r, 300));
    const execution = await new WebFunctions(web).createExecution({ functionId: 'on-create-esm', async: true });
    const until = Date.now() + 15_000;
    while (Date.now() < until && !seen.some((e) => e.payload.$id === execution.$id && e.payload.status === 'completed')) await new Promise((r) => setTimeout(r, 50));
    const mine = seen.filter((e) => e.payload.$id === execution.$id);
    expect(mine.map((e) => e.payload.status)).toEqual(['waiting', 'processing', 'completed']);
    expect(mine[0]!.events).toContain(`functions.on-create-esm.executions.${execution.$id}.create`);
    expect(mine[2]!.events).toContain('functions.*.executions.*.update');
    await sub.close();
  });

  it('stops delivering to a subscription after unsubscribe', async () => {
    const realtime = new Realtime(web);
    const kept = inbox();
    const dropped = inbox();
    const subKept = await realtime.subscribe('rows.create', (e: RealtimeResponseEvent<Rows>) => kept.push(e));
    const subDropped = await realtime.subscribe('rows.create', (e: RealtimeResponseEvent<Rows>) => dropped.push(e));
    await new Promise((r) => setTimeout(r, 300));
    await subDropped.unsubscribe();
    await new Promise((r) => setTimeout(r, 100));
    const row = await createRow('after unsubscribe', [Permission.read(Role.any())]);
    await kept.next((e) => e.payload.$id === row.$id);
    expect(dropped.events.map((e) => e.payload.$id)).not.toContain(row.$id);
    await subKept.close();
  });
});

describe('Realtime protocol', () => {
  it('greets, answers ping and refuses an unknown project', async () => {
    const url = stack.endpoint.replace('http://', 'ws://');
    const messages = await exchange(`${url}/realtime?project=${stack.projectId}`, [{ type: 'ping' }]);
    expect(messages[0]).toMatchObject({ type: 'connected', data: { channels: [], user: null } });
    expect(messages[1]).toEqual({ type: 'pong' });

    const refused = await exchange(`${url}/realtime?project=nope`, []);
    expect(refused[0]).toMatchObject({ type: 'error', data: { code: 1008 } });
  });

  it('refuses a query method Realtime does not support', async () => {
    const url = stack.endpoint.replace('http://', 'ws://');
    const messages = await exchange(`${url}/realtime?project=${stack.projectId}`, [
      { type: 'subscribe', data: [{ subscriptionId: 's1', channels: ['rows'], queries: [JSON.stringify({ method: 'search', attribute: 'title', values: ['x'] })] }] },
    ]);
    expect(messages[1]).toMatchObject({ type: 'error', data: { code: 1003 } });
  });
});

/** Opens a socket, sends each message after `connected`, and returns what came back. */
function exchange(url: string, send: unknown[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const received: Record<string, unknown>[] = [];
    const finish = () => (socket.close(), resolve(received));
    const timer = setTimeout(finish, 1500);
    socket.on('error', reject);
    socket.on('close', () => (clearTimeout(timer), resolve(received)));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as Record<string, unknown>;
      received.push(message);
      if (message.type === 'connected') for (const m of send) socket.send(JSON.stringify(m));
      if (received.length >= send.length + 1) setTimeout(finish, 50);
    });
  });
}
