import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Account, Client, ID, Storage, TablesDB } from 'appwrite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from './server.js';

// The browser SDK (`appwrite` 28) in Node: without cookies it keeps the session in
// localStorage from `X-Fallback-Cookies`, exactly as a browser with third-party cookies
// blocked does. A tiny localStorage stands in for the browser's.
const CONFIG = resolve(import.meta.dirname, 'fixtures/conformance.appwrite.json');
const store = new Map<string, string>();
const localStorage = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, String(v)),
  removeItem: (k: string) => void store.delete(k),
};
let stack: LocalStack;
let dataDir: string;
let hadWindow: boolean;

beforeAll(async () => {
  hadWindow = 'window' in globalThis;
  // The SDK warns on every fallback-cookie answer; a browser on localhost gets the same.
  (globalThis as Record<string, unknown>).window ??= { localStorage, console: { ...console, warn: () => {} } };
  dataDir = mkdtempSync(join(tmpdir(), 'la-web-'));
  stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, quiet: true, schedules: false });
});
afterAll(async () => {
  if (!hadWindow) delete (globalThis as Record<string, unknown>).window;
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('web SDK against the local stack', () => {
  it('signs in anonymously, owns its rows and files, and signs out', async () => {
    const client = new Client().setEndpoint(stack.endpoint).setProject('local');
    const account = new Account(client);
    const session = await account.createAnonymousSession();
    expect(JSON.parse(store.get('cookieFallback')!)).toHaveProperty('a_session_local');
    const me = await account.get();
    expect(me.$id).toBe(session.userId);

    const tables = new TablesDB(client);
    const row = await tables.createRow({ databaseId: 'app', tableId: 'notes', rowId: ID.unique(), data: { title: 'from the browser' } as never });
    expect(row.$permissions).toContain(`read("user:${me.$id}")`);
    expect((await tables.listRows({ databaseId: 'app', tableId: 'notes' })).rows.map((r) => r.$id)).toEqual([row.$id]);

    const bytes = new Uint8Array(6 * 1024 * 1024).map((_, i) => i % 251);
    const storage = new Storage(client);
    const file = await storage.createFile({ bucketId: 'docs', fileId: ID.unique(), file: new File([bytes], 'clip.mp4', { type: 'video/mp4' }) });
    expect(file).toMatchObject({ chunksTotal: 2, chunksUploaded: 2, sizeOriginal: bytes.length });
    const url = storage.getFileView({ bucketId: 'docs', fileId: file.$id });
    expect(url).toContain('project=local');
    const res = await fetch(url, { headers: { 'x-fallback-cookies': store.get('cookieFallback')!, range: 'bytes=0-3' } });
    expect(res.status).toBe(206);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 1, 2, 3]);
    expect((await fetch(url)).status).toBe(404);

    await account.deleteSession({ sessionId: 'current' });
    await expect(account.get()).rejects.toMatchObject({ code: 401 });
  });

  it('signs up and in with email and password', async () => {
    store.clear();
    const client = new Client().setEndpoint(stack.endpoint).setProject('local');
    const account = new Account(client);
    const email = `${ID.unique()}@example.com`;
    await account.create({ userId: ID.unique(), email, password: 'correct-horse' });
    await expect(account.createEmailPasswordSession({ email, password: 'wrong-horse' })).rejects.toMatchObject({ code: 401, type: 'user_invalid_credentials' });
    await account.createEmailPasswordSession({ email, password: 'correct-horse' });
    expect((await account.get()).email).toBe(email);
    await expect(account.createAnonymousSession()).rejects.toMatchObject({ code: 401, type: 'user_session_already_exists' });
  });
});
