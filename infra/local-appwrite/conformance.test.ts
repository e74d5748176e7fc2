import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Databases, ID, Permission, Query, Role, Storage, TablesDB, Users } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from './sdk-failure.js';
import { startLocalStack, type LocalStack } from './server.js';

// Conformance: the real node-appwrite SDK (and raw HTTP where the browser path matters)
// against a stack of our own on port 0, with a fixture schema and no functions.
const CONFIG = resolve(import.meta.dirname, 'fixtures/conformance.appwrite.json');
let stack: LocalStack;
let dataDir: string;
let admin: Client;
let tables: TablesDB;

async function start(): Promise<void> {
  stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, quiet: true, schedules: false });
  admin = new Client().setEndpoint(stack.endpoint).setProject('local').setKey(stack.apiKey);
  tables = new TablesDB(admin);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'la-conformance-'));
  await start();
});
afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const notes = { databaseId: 'app', tableId: 'notes' };
/** Row data outside the SDK's generic row type (a fresh literal would fail its excess-property check). */
const d = <T extends object>(data: T): T => data;

async function sessionClient(): Promise<{ client: Client; userId: string }> {
  const users = new Users(admin);
  const user = await users.create({ userId: ID.unique(), email: `${ID.unique()}@example.com`, password: 'password123' });
  const session = await users.createSession({ userId: user.$id });
  expect(session.secret).toBeTruthy();
  return { client: new Client().setEndpoint(stack.endpoint).setProject('local').setSession(session.secret), userId: user.$id };
}

describe('schema validation', () => {
  it('refuses rows that break the schema with row_invalid_structure and writes nothing', async () => {
    const before = (await tables.listRows(notes)).total;
    const bad: Record<string, unknown>[] = [
      {},
      { title: 'x'.repeat(21) },
      { title: 'ok', state: 'archived' },
      { title: 'ok', count: 101 },
      { title: 'ok', count: 1.5 },
      { title: 'ok', score: 'high' },
      { title: 'ok', email: 'not-an-email' },
      { title: 'ok', site: 'ftp:/nope' },
      { title: 'ok', flag: 'yes' },
      { title: 'ok', due: 'yesterday' },
      { title: 'ok', tags: 'a' },
      { title: 'ok', nope: 1 },
    ];
    for (const data of bad) {
      const err = await failure(tables.createRow({ ...notes, rowId: ID.unique(), data }));
      expect(err, JSON.stringify(data)).toMatchObject({ code: 400, type: 'row_invalid_structure' });
    }
    expect((await tables.listRows(notes)).total).toBe(before);
  });

  it('applies defaults and normalises dates', async () => {
    const row = await tables.createRow({ ...notes, rowId: ID.unique(), data: { title: 'defaults', due: '2030-01-02T03:04:05Z' } });
    expect(row).toMatchObject({ state: 'draft', count: 0, flag: false, body: '', score: null, due: '2030-01-02T03:04:05.000+00:00' });
    expect(row.$createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(typeof row.$sequence).toBe('string');
    expect(row).toMatchObject({ $databaseId: 'app', $tableId: 'notes', $permissions: [] });
  });
});

describe('rows', () => {
  const t = { databaseId: 'app', tableId: 'public' };
  beforeAll(async () => {
    await tables.createRows({ ...t, rows: Array.from({ length: 10 }, (_, i) => ({ $id: `p${i}`, n: i })) });
  });

  it('answers every list query as Appwrite does', async () => {
    const ids = async (...queries: string[]) => (await tables.listRows({ ...t, queries })).rows.map((r) => r.$id);
    expect(await ids(Query.equal('n', [1, 3]))).toEqual(['p1', 'p3']);
    expect(await ids(Query.notEqual('n', 0), Query.lessThan('n', 3))).toEqual(['p1', 'p2']);
    expect(await ids(Query.lessThanEqual('n', 1))).toEqual(['p0', 'p1']);
    expect(await ids(Query.greaterThan('n', 8))).toEqual(['p9']);
    expect(await ids(Query.greaterThanEqual('n', 8))).toEqual(['p8', 'p9']);
    expect(await ids(Query.between('n', 4, 5))).toEqual(['p4', 'p5']);
    expect(await ids(Query.orderDesc('n'), Query.limit(2))).toEqual(['p9', 'p8']);
    expect(await ids(Query.orderAsc('n'), Query.offset(8))).toEqual(['p8', 'p9']);
    expect(await ids(Query.orderAsc('n'), Query.cursorAfter('p6'), Query.limit(2))).toEqual(['p7', 'p8']);
    expect(await ids(Query.orderAsc('n'), Query.cursorBefore('p6'), Query.limit(2))).toEqual(['p4', 'p5']);
    expect(await ids(Query.orderDesc('n'), Query.cursorAfter('p6'), Query.limit(2))).toEqual(['p5', 'p4']);
    expect(await ids(Query.or([Query.equal('n', 1), Query.and([Query.greaterThan('n', 7), Query.lessThan('n', 9)])]))).toEqual(['p1', 'p8']);
    expect(await ids(Query.startsWith('$id', 'p1'))).toEqual(['p1']);
    const list = await tables.listRows({ ...t, queries: [Query.limit(1)] });
    expect(list.total).toBe(10);
    expect(list.rows).toHaveLength(1);
  });

  it('filters strings, arrays and nulls; selects columns', async () => {
    const a = await tables.createRow({ ...notes, rowId: 'q-a', data: { title: 'Alpha beta', tags: ['red', 'blue'], score: 0.5 } });
    await tables.createRow({ ...notes, rowId: 'q-b', data: { title: 'Gamma', tags: ['green'] } });
    const ids = async (...queries: string[]) => (await tables.listRows({ ...notes, queries: [Query.startsWith('$id', 'q-'), ...queries] })).rows.map((r) => r.$id);
    expect(await ids(Query.contains('tags', ['blue']))).toEqual(['q-a']);
    expect(await ids(Query.contains('title', ['amm']))).toEqual(['q-b']);
    expect(await ids(Query.search('title', 'beta'))).toEqual(['q-a']);
    expect(await failure(tables.listRows({ ...notes, queries: [Query.search('body', 'beta')] }))).toMatchObject({ code: 400, type: 'general_query_invalid' });
    expect(await ids(Query.isNull('score'))).toEqual(['q-b']);
    expect(await ids(Query.isNotNull('score'))).toEqual(['q-a']);
    const selected = await tables.getRow({ ...notes, rowId: a.$id, queries: [Query.select(['title'])] });
    expect(selected.title).toBe('Alpha beta');
    expect(selected).not.toHaveProperty('tags');
    expect(selected.$id).toBe('q-a');
    const invalid = await failure(tables.listRows({ ...notes, queries: [Query.equal('missing', 1)] }));
    expect(invalid).toMatchObject({ code: 400, type: 'general_query_invalid' });
  });

  it('creates, updates, upserts and deletes; duplicates and stale writes answer 409', async () => {
    const row = await tables.createRow({ ...notes, rowId: 'crud', data: { title: 'one' } });
    expect(await failure(tables.createRow({ ...notes, rowId: 'crud', data: d({ title: 'two' }) }))).toMatchObject({ code: 409, type: 'row_already_exists' });
    const updated = await tables.updateRow({ ...notes, rowId: 'crud', data: { body: 'text' } });
    expect(updated).toMatchObject({ title: 'one', body: 'text' });
    expect(updated.$updatedAt > row.$updatedAt).toBe(true);

    const stale = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject('local').setKey(stack.apiKey).addHeader('X-Appwrite-Timestamp', row.$updatedAt));
    expect(await failure(stale.updateRow({ ...notes, rowId: 'crud', data: d({ body: 'lost' }) }))).toMatchObject({ code: 409, type: 'row_update_conflict' });
    const fresh = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject('local').setKey(stack.apiKey).addHeader('X-Appwrite-Timestamp', updated.$updatedAt));
    expect((await fresh.updateRow({ ...notes, rowId: 'crud', data: { body: 'kept' } })).body).toBe('kept');

    expect((await tables.upsertRow({ ...notes, rowId: 'upserted', data: { title: 'new' } })).title).toBe('new');
    expect((await tables.upsertRow({ ...notes, rowId: 'upserted', data: { body: 'more' } })).body).toBe('more');
    await tables.deleteRow({ ...notes, rowId: 'upserted' });
    expect(await failure(tables.getRow({ ...notes, rowId: 'upserted' }))).toMatchObject({ code: 404, type: 'row_not_found' });
  });

  it('increments and decrements within bounds', async () => {
    await tables.createRow({ ...notes, rowId: 'counter', data: { title: 'c', count: 1 } });
    expect((await tables.incrementRowColumn({ ...notes, rowId: 'counter', column: 'count', value: 2, max: 3 })).count).toBe(3);
    expect(await failure(tables.incrementRowColumn({ ...notes, rowId: 'counter', column: 'count', value: 1, max: 3 }))).toMatchObject({ code: 400, type: 'column_limit_exceeded' });
    expect((await tables.decrementRowColumn({ ...notes, rowId: 'counter', column: 'count', value: 3, min: 0 })).count).toBe(0);
    expect(await failure(tables.decrementRowColumn({ ...notes, rowId: 'counter', column: 'count', value: 1, min: 0 }))).toMatchObject({ code: 400 });
    expect((await tables.getRow({ ...notes, rowId: 'counter' })).count).toBe(0);
  });

  it('bulk-updates, upserts and deletes by query; a bad bulk create writes nothing', async () => {
    const b = { databaseId: 'app', tableId: 'public' };
    await tables.createRows({ ...b, rows: [{ $id: 'bulk1', n: 100 }, { $id: 'bulk2', n: 101 }] });
    const upd = await tables.updateRows({ ...b, data: { n: 200 }, queries: [Query.startsWith('$id', 'bulk')] });
    expect(upd.total).toBe(2);
    const ups = await tables.upsertRows({ ...b, rows: [{ $id: 'bulk2', n: 5 }, { $id: 'bulk3', n: 6 }] });
    expect(ups.rows.map((r) => r.n)).toEqual([5, 6]);
    expect(await failure(tables.createRows({ ...b, rows: [{ $id: 'bulk4', n: 1 }, { $id: 'bulk1', n: 2 }] }))).toMatchObject({ code: 409 });
    expect(await failure(tables.getRow({ ...b, rowId: 'bulk4' }))).toMatchObject({ code: 404 });
    const del = await tables.deleteRows({ ...b, queries: [Query.startsWith('$id', 'bulk')] });
    expect(del.total).toBe(3);
    expect((await tables.listRows({ ...b, queries: [Query.startsWith('$id', 'bulk')] })).total).toBe(0);
  });

  it('serves the same rows on the legacy documents routes', async () => {
    const databases = new Databases(admin);
    await tables.createRow({ ...notes, rowId: 'legacy', data: { title: 'legacy' } });
    const doc = await databases.getDocument({ databaseId: 'app', collectionId: 'notes', documentId: 'legacy' });
    expect(doc).toMatchObject({ $id: 'legacy', $collectionId: 'notes', $databaseId: 'app', title: 'legacy' });
    await databases.updateDocument({ databaseId: 'app', collectionId: 'notes', documentId: 'legacy', data: { body: 'via documents' } });
    expect((await tables.getRow({ ...notes, rowId: 'legacy' })).body).toBe('via documents');
    const list = await databases.listDocuments({ databaseId: 'app', collectionId: 'notes', queries: [Query.equal('$id', 'legacy')] });
    expect(list.documents.map((d) => d.$id)).toEqual(['legacy']);
    expect(await failure(databases.createDocument({ databaseId: 'app', collectionId: 'notes', documentId: 'legacy', data: d({ title: 'again' }) }))).toMatchObject({ code: 409, type: 'document_already_exists' });
  });
});

describe('storage', () => {
  it('uploads in one part and in out-of-order 5 MB chunks; downloads identical bytes', async () => {
    const storage = new Storage(admin);
    const small = await storage.createFile({ bucketId: 'docs', fileId: 'small', file: InputFile.fromBuffer(Buffer.from('hello'), 'hello.txt') });
    expect(small).toMatchObject({ $id: 'small', bucketId: 'docs', sizeOriginal: 5, chunksTotal: 1, chunksUploaded: 1, mimeType: 'text/plain' });

    const big = randomBytes(12 * 1024 * 1024 + 123);
    const file = await storage.createFile({ bucketId: 'docs', fileId: 'big', file: InputFile.fromBuffer(big, 'big.bin') });
    expect(file).toMatchObject({ $id: 'big', sizeOriginal: big.length, chunksTotal: 3, chunksUploaded: 3 });
    const down = Buffer.from(await storage.getFileDownload({ bucketId: 'docs', fileId: 'big' }));
    expect(createHash('md5').update(down).digest('hex')).toBe(createHash('md5').update(big).digest('hex'));
    expect(file.signature).toBe(createHash('md5').update(big).digest('hex'));
  });

  it('accepts chunks in any order over raw HTTP', async () => {
    const chunk = 5 * 1024 * 1024;
    const data = randomBytes(chunk * 2 + 10);
    const send = (start: number, end: number, id?: string) => {
      const form = new FormData();
      form.append('fileId', 'ooo');
      form.append('file', new Blob([data.subarray(start, end)]), 'ooo.bin');
      const headers: Record<string, string> = { 'x-appwrite-project': 'local', 'x-appwrite-key': stack.apiKey, 'content-range': `bytes ${start}-${end - 1}/${data.length}` };
      if (id) headers['x-appwrite-id'] = id;
      return fetch(`${stack.endpoint}/storage/buckets/docs/files`, { method: 'POST', headers, body: form });
    };
    const last = await send(chunk * 2, data.length, 'ooo');
    expect(last.status).toBe(201);
    expect(await last.json()).toMatchObject({ chunksUploaded: 1, chunksTotal: 3 });
    expect((await send(0, chunk)).status).toBe(201);
    const done = await send(chunk, chunk * 2, 'ooo');
    expect(await done.json()).toMatchObject({ chunksUploaded: 3, chunksTotal: 3 });
    const bytes = Buffer.from(await (await fetch(`${stack.endpoint}/storage/buckets/docs/files/ooo/download?project=local`, { headers: { 'x-appwrite-key': stack.apiKey } })).arrayBuffer());
    expect(bytes.equals(data)).toBe(true);
  });

  it('serves views with ?project= and HTTP Range for seeking', async () => {
    const storage = new Storage(admin);
    await storage.createFile({ bucketId: 'docs', fileId: 'clip', file: InputFile.fromBuffer(Buffer.from('0123456789'), 'clip.mp4'), permissions: [Permission.read(Role.any())] });
    const url = `${stack.endpoint}/storage/buckets/docs/files/clip/view?project=local`;
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const part = await fetch(url, { headers: { range: 'bytes=2-5' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await part.text()).toBe('2345');
    expect((await fetch(url, { headers: { range: 'bytes=50-60' } })).status).toBe(416);
  });

  it('enforces bucket limits and deletes', async () => {
    const storage = new Storage(admin);
    expect(await failure(storage.createFile({ bucketId: 'tiny', fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.alloc(11), 'a.txt') }))).toMatchObject({ code: 400, type: 'storage_invalid_file_size' });
    expect(await failure(storage.createFile({ bucketId: 'docs', fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.from('x'), 'a.exe') }))).toMatchObject({ code: 400, type: 'storage_file_type_unsupported' });
    await storage.deleteFile({ bucketId: 'docs', fileId: 'small' });
    expect(await failure(storage.getFile({ bucketId: 'docs', fileId: 'small' }))).toMatchObject({ code: 404, type: 'storage_file_not_found' });
  });
});

describe('accounts and permissions', () => {
  it('creates anonymous sessions with a cookie and X-Fallback-Cookies, and deletes them', async () => {
    const res = await fetch(`${stack.endpoint}/account/sessions/anonymous`, { method: 'POST', headers: { 'x-appwrite-project': 'local' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { secret: string; userId: string };
    expect(body.secret).toBe('');
    const fallback = res.headers.get('x-fallback-cookies')!;
    const secret = (JSON.parse(fallback) as Record<string, string>).a_session_local!;
    expect(res.headers.get('set-cookie')).toContain(`a_session_local=${secret}`);
    const viaCookie = await fetch(`${stack.endpoint}/account`, { headers: { cookie: `a_session_local=${secret}` } });
    expect(((await viaCookie.json()) as { $id: string }).$id).toBe(body.userId);
    const viaFallback = await fetch(`${stack.endpoint}/account`, { headers: { 'x-fallback-cookies': fallback } });
    expect(viaFallback.status).toBe(200);
    expect((await fetch(`${stack.endpoint}/account/sessions/current`, { method: 'DELETE', headers: { 'x-fallback-cookies': fallback } })).status).toBe(204);
    const after = await fetch(`${stack.endpoint}/account`, { headers: { 'x-fallback-cookies': fallback } });
    expect(after.status).toBe(401);
  });

  it('signs up and in with email and password; wrong passwords are refused', async () => {
    const email = `${ID.unique()}@example.com`;
    const post = (path: string, body: unknown) =>
      fetch(`${stack.endpoint}${path}`, { method: 'POST', headers: { 'x-appwrite-project': 'local', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/account', { userId: 'unique()', email, password: 'password123' })).status).toBe(201);
    expect((await post('/account', { userId: 'unique()', email, password: 'password123' })).status).toBe(409);
    const bad = await post('/account/sessions/email', { email, password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { type: string }).type).toBe('user_invalid_credentials');
    const good = await post('/account/sessions/email', { email, password: 'password123' });
    expect(good.status).toBe(201);
  });

  it("keeps one user's rows from another: 404 on read, 401 on write, absent from lists, nothing changed", async () => {
    const a = await sessionClient();
    const b = await sessionClient();
    const asA = new TablesDB(a.client);
    const asB = new TablesDB(b.client);
    const row = await asA.createRow({ ...notes, rowId: ID.unique(), data: { title: 'private' } });
    expect(row.$permissions.sort()).toEqual([`delete("user:${a.userId}")`, `read("user:${a.userId}")`, `update("user:${a.userId}")`]);
    expect((await asA.getRow({ ...notes, rowId: row.$id })).title).toBe('private');
    expect(await failure(asB.getRow({ ...notes, rowId: row.$id }))).toMatchObject({ code: 404 });
    expect(await failure(asB.updateRow({ ...notes, rowId: row.$id, data: d({ title: 'stolen' }) }))).toMatchObject({ code: 401, type: 'user_unauthorized' });
    expect(await failure(asB.deleteRow({ ...notes, rowId: row.$id }))).toMatchObject({ code: 401 });
    expect(await failure(asB.incrementRowColumn({ ...notes, rowId: row.$id, column: 'count' }))).toMatchObject({ code: 401 });
    expect((await asB.listRows(notes)).rows.map((r) => r.$id)).not.toContain(row.$id);
    expect((await asA.listRows(notes)).rows.map((r) => r.$id)).toContain(row.$id);
    expect(await failure(asB.createRow({ ...notes, rowId: ID.unique(), data: d({ title: 'x' }), permissions: [Permission.read(Role.user(a.userId))] }))).toMatchObject({ code: 401 });
    expect(await failure(asB.createRows({ ...notes, rows: [{ title: 'bulk' }] }))).toMatchObject({ code: 401 });
    expect((await tables.getRow({ ...notes, rowId: row.$id })).title).toBe('private');

    const guest = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject('local'));
    expect(await failure(guest.createRow({ ...notes, rowId: ID.unique(), data: d({ title: 'guest' }) }))).toMatchObject({ code: 401 });
    expect((await guest.listRows({ databaseId: 'app', tableId: 'public', queries: [Query.limit(1)] })).total).toBeGreaterThan(0);
    expect(await failure(new TablesDB(new Client().setEndpoint(stack.endpoint).setProject('local').setKey('wrong-key')).createRows({ ...notes, rows: [] }))).toMatchObject({ code: 401 });
  });

  it('checks file permissions the same way', async () => {
    const a = await sessionClient();
    const b = await sessionClient();
    const file = await new Storage(a.client).createFile({ bucketId: 'docs', fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.from('mine'), 'mine.txt') });
    expect(await failure(new Storage(b.client).getFile({ bucketId: 'docs', fileId: file.$id }))).toMatchObject({ code: 404 });
    expect(await failure(new Storage(b.client).deleteFile({ bucketId: 'docs', fileId: file.$id }))).toMatchObject({ code: 404 });
    expect(Buffer.from(await new Storage(a.client).getFileView({ bucketId: 'docs', fileId: file.$id })).toString()).toBe('mine');
  });
});

describe('management, CORS, secrets and restarts', () => {
  it('creates tables, columns and indexes through the management API', async () => {
    await tables.createTable({ databaseId: 'app', tableId: 'made', name: 'made', permissions: [Permission.read(Role.any())], rowSecurity: false });
    await tables.createStringColumn({ databaseId: 'app', tableId: 'made', key: 'name', size: 10, required: true });
    await tables.createIntegerColumn({ databaseId: 'app', tableId: 'made', key: 'age', required: false, min: 0, max: 150 });
    await tables.createIndex({ databaseId: 'app', tableId: 'made', key: 'by_name', type: 'unique' as never, columns: ['name'] });
    const cols = await tables.listColumns({ databaseId: 'app', tableId: 'made' });
    expect(cols.columns.map((c) => [c.key, c.status])).toEqual([['name', 'available'], ['age', 'available']]);
    await tables.createRow({ databaseId: 'app', tableId: 'made', rowId: 'm1', data: { name: 'ann', age: 3 } });
    expect(await failure(tables.createRow({ databaseId: 'app', tableId: 'made', rowId: 'm2', data: d({ name: 'ann' }) }))).toMatchObject({ code: 409 });
    expect(await failure(tables.createRow({ databaseId: 'app', tableId: 'made', rowId: 'm3', data: d({ name: 'bob', age: 200 }) }))).toMatchObject({ code: 400, type: 'row_invalid_structure' });
    const user = await sessionClient();
    await tables.updateTable({ databaseId: 'app', tableId: 'made', name: 'made', enabled: false });
    expect(await failure(new TablesDB(user.client).listRows({ databaseId: 'app', tableId: 'made' }))).toMatchObject({ code: 404, type: 'table_not_found' });
    expect((await tables.listRows({ databaseId: 'app', tableId: 'made' })).total).toBe(1);
    expect(await failure(new TablesDB(user.client).createTable({ databaseId: 'app', tableId: 'nope', name: 'nope' }))).toMatchObject({ code: 401 });
  });

  it('serializes concurrent writes: bounded increments never overshoot, no update is lost', async () => {
    await tables.createRow({ ...notes, rowId: 'race', data: d({ title: 'race', count: 0 }) });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => tables.incrementRowColumn({ ...notes, rowId: 'race', column: 'count', value: 1, max: 25 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(25);
    expect((await tables.getRow({ ...notes, rowId: 'race' })).count).toBe(25);
    await Promise.all(Array.from({ length: 30 }, (_, i) => tables.createRow({ databaseId: 'app', tableId: 'public', rowId: `race-${i}`, data: d({ n: i }) })));
    const list = await tables.listRows({ databaseId: 'app', tableId: 'public', queries: [Query.startsWith('$id', 'race-'), Query.limit(100)] });
    expect(new Set(list.rows.map((r) => r.$sequence)).size).toBe(30);
  });

  it('serves the dashboard build with /config.json from the Host and an index.html fallback', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'la-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<html>dashboard</html>');
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    const webData = mkdtempSync(join(tmpdir(), 'la-static-data-'));
    const web = await startLocalStack({ port: 0, dataDir: webData, configPath: CONFIG, quiet: true, schedules: false, staticDir });
    try {
      const config = (await (await fetch(`${web.origin}/config.json`)).json()) as { endpoint: string; projectId: string };
      expect(config).toEqual({ endpoint: `${web.origin}/v1`, projectId: 'local' });
      const js = await fetch(`${web.origin}/assets/app.js`);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(await (await fetch(`${web.origin}/videos/abc`)).text()).toContain('dashboard');
      expect(await (await fetch(`${web.origin}/..%2F..%2F..%2Fetc%2Fpasswd`)).text()).toContain('dashboard');
      expect((await fetch(`${web.origin}/v1/nope`)).status).toBe(404);
    } finally {
      await web.close();
      rmSync(staticDir, { recursive: true, force: true });
      rmSync(webData, { recursive: true, force: true });
    }
  });

  it('answers CORS preflights like Appwrite', async () => {
    const res = await fetch(`${stack.endpoint}/account`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toContain('X-Fallback-Cookies');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Fallback-Cookies');
  });

  it('never echoes the API key', async () => {
    const responses = await Promise.all([
      fetch(`${stack.endpoint}/tablesdb/app/tables/notes/rows`, { headers: { 'x-appwrite-key': stack.apiKey } }),
      fetch(`${stack.endpoint}/tablesdb/app/tables/notes/rows/missing`, { headers: { 'x-appwrite-key': stack.apiKey } }),
      fetch(`${stack.endpoint}/tablesdb/app/tables/notes/rows`, { method: 'POST', headers: { 'x-appwrite-key': stack.apiKey, 'content-type': 'application/json' }, body: '{"rowId":"k","data":{}}' }),
    ]);
    for (const r of responses) expect(await r.text()).not.toContain(stack.apiKey);
  });

  it('keeps rows, files and sessions across a restart', async () => {
    const user = await sessionClient();
    const kept = await new TablesDB(user.client).createRow({ ...notes, rowId: ID.unique(), data: { title: 'durable' } });
    await stack.close();
    const key = user.client;
    await start();
    // the old client still points at the old port; rebuild it with the same session secret
    const secret = (key as unknown as { headers: Record<string, string> }).headers['X-Appwrite-Session']!;
    const again = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject('local').setSession(secret));
    expect((await again.getRow({ ...notes, rowId: kept.$id })).title).toBe('durable');
    const big = Buffer.from(await new Storage(admin).getFileDownload({ bucketId: 'docs', fileId: 'big' }));
    expect(big.length).toBe(12 * 1024 * 1024 + 123);
  });
});
