import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Functions, ID, Permission, Role, Storage, TablesDB, type Models } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/sqlite.js';
import { startLocalStack, type LocalStack } from '../server.js';
import { RuntimeStore } from './runtime-store.js';

// Functions on the local stack, driven through node-appwrite as a deployed app would:
// fixtures in Appwrite's Node template shape (ESM and CommonJS) run in worker processes.

const CONFIG = fileURLToPath(new URL('./fixtures/appwrite.json', import.meta.url));
const POOL = 2;

let stack: LocalStack;
let dataDir: string;
let tables: TablesDB;
let functions: Functions;
let storage: Storage;

async function start(): Promise<void> {
  stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, poolSize: POOL, quiet: true, env: { FIXTURE_EXTRA: 'yes' } });
  const client = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
  tables = new TablesDB(client);
  functions = new Functions(client);
  storage = new Storage(client);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'functions-'));
  await start();
});

afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const executions = async (functionId: string) => (await functions.listExecutions({ functionId })).executions;

describe('event-triggered functions', () => {
  it('runs an ESM function on a row event; its write with the execution key triggers a CommonJS function', async () => {
    const item = await tables.createRow({ databaseId: 'testdb', tableId: 'items', rowId: ID.unique(), data: { title: 'first' }, permissions: [Permission.read(Role.any())] });

    const chained = await waitFor(async () => {
      const { rows } = await tables.listRows({ databaseId: 'testdb', tableId: 'chain' });
      return rows[0];
    }, 'the chained function');
    const { rows: echoes } = await tables.listRows({ databaseId: 'testdb', tableId: 'echoes' });
    const echo = echoes.find((e) => e.item_id === item.$id);
    expect(echo).toBeDefined();
    expect(chained.echo_id).toBe(echo!.$id);
    expect(echo!.trigger).toBe('event');
    expect(echo!.event).toBe(`databases.testdb.collections.items.documents.${item.$id}.create`);
    expect(JSON.parse(String(echo!.runtime_check))).toEqual({
      fn: 'on-create-esm',
      runtime: 'node',
      version: '20.0',
      execution: true,
      manimVenv: true,
      renderWorker: true,
      extra: 'yes',
      bodyIsObject: true,
      user: '',
      jwt: '',
      userEnv: null,
    });

    const esm = await waitFor(async () => (await executions('on-create-esm')).find((e) => e.trigger === 'event' && e.status === 'completed'), 'the ESM execution record');
    expect(esm.logs).toContain(`item ${item.$id} created: first`);
    expect(esm.responseStatusCode).toBe(200);
    expect(esm.requestHeaders.map((h) => h.name)).not.toContain('x-appwrite-key');
    const cjs = await waitFor(async () => (await executions('on-echo-cjs')).find((e) => e.status === 'completed'), 'the CommonJS execution record');
    // The function's own write with its execution key has no acting user either.
    expect(cjs.logs).toContain(`chain from ${echo!.$id} user ""`);
    expect(cjs.responseStatusCode).toBe(204);
  });

  it("passes the acting user of a session's write as x-appwrite-user-id, as Appwrite's Functions worker does", async () => {
    const signIn = await fetch(`${stack.endpoint}/account/sessions/anonymous`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-appwrite-project': stack.projectId }, body: '{}' });
    const session = (await signIn.json()) as { userId: string };
    // A client's session answer carries no secret; the cookie does.
    const secret = signIn.headers.getSetCookie().map((c) => /^a_session_[^=]+=([^;]+)/.exec(c)?.[1]).find(Boolean)!;
    const asUser = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setSession(secret));
    // read("any") only: the user's id is in no permission of the row, yet the event names them.
    const item = await asUser.createRow({ databaseId: 'testdb', tableId: 'items', rowId: ID.unique(), data: { title: 'by a user' }, permissions: [Permission.read(Role.any())] });
    const echo = await waitFor(async () => (await tables.listRows({ databaseId: 'testdb', tableId: 'echoes' })).rows.find((e) => e.item_id === item.$id), 'the echo of the user\'s row');
    const check = JSON.parse(String(echo.runtime_check)) as Record<string, unknown>;
    expect(check.user).toBe(session.userId);
    // An event execution carries no user JWT (the worker passes none) and v5 sets no v2 variables.
    expect(check.jwt).toBe('');
    expect(check.userEnv).toBeNull();
    // The execution record is readable by that user, as Appwrite grants it.
    const run = (await executions('on-create-esm')).find((e) => e.trigger === 'event' && e.$permissions.includes(`read("user:${session.userId}")`));
    expect(run).toBeDefined();
  });

  it('runs a function on a file event', async () => {
    const file = await storage.createFile({ bucketId: 'uploads', fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.from('hi'), 'note.txt') });
    const run = await waitFor(async () => (await executions('on-file')).find((e) => e.status === 'completed'), 'the file function');
    expect(run.trigger).toBe('event');
    expect(run.logs).toBe(`file note.txt event buckets.uploads.files.${file.$id}.create`);
  });

  it('does not run a function for events it does not listen to', async () => {
    const before = (await executions('on-create-esm')).length;
    const item = await tables.createRow({ databaseId: 'testdb', tableId: 'items', rowId: ID.unique(), data: { title: 'x' } });
    await tables.updateRow({ databaseId: 'testdb', tableId: 'items', rowId: item.$id, data: { n: 2 } });
    await waitFor(async () => ((await executions('on-create-esm')).length === before + 1 ? true : undefined), 'one execution for the create');
    await new Promise((r) => setTimeout(r, 300));
    expect(await executions('on-create-esm')).toHaveLength(before + 1);
  });
});

describe('HTTP executions', () => {
  it('runs synchronously with the request and a key limited to the function scopes', async () => {
    const execution = await functions.createExecution({ functionId: 'on-create-esm', body: 'hello', xpath: '/greet?name=ada', method: 'PUT' as never });
    expect(execution.status).toBe('completed');
    expect(execution.trigger).toBe('http');
    expect(JSON.parse(execution.responseBody)).toEqual({
      trigger: 'http',
      body: 'hello',
      path: '/greet',
      query: { name: 'ada' },
      method: 'PUT',
      rows: 'allowed',
      fns: 401,
    });
    const again = await functions.getExecution({ functionId: 'on-create-esm', executionId: execution.$id });
    expect(again.status).toBe('completed');
  });

  it('answers an async execution at once as waiting, then completes it', async () => {
    const execution = await functions.createExecution({ functionId: 'slow', async: true });
    expect(execution.status).toBe('waiting');
    const done = await waitFor(async () => {
      const e = await functions.getExecution({ functionId: 'slow', executionId: execution.$id });
      return e.status === 'completed' ? e : undefined;
    }, 'the async execution');
    expect(done.duration).toBeGreaterThan(0);
    const listed = await functions.listExecutions({ functionId: 'slow', queries: ['{"method":"equal","attribute":"status","values":["completed"]}'] });
    expect(listed.executions.map((e) => e.$id)).toContain(execution.$id);
  });

  it('runs an execution at its scheduledAt time', async () => {
    const at = new Date(Date.now() + 1500).toISOString();
    const execution = await functions.createExecution({ functionId: 'slow', async: true, scheduledAt: at });
    expect(execution.status).toBe('scheduled');
    expect(Object.keys(execution)).not.toContain('_pendingRequest');
    const done = await waitFor(async () => {
      const e = await functions.getExecution({ functionId: 'slow', executionId: execution.$id });
      return e.status === 'completed' ? e : undefined;
    }, 'the scheduled execution');
    const window = /window (\d+) /.exec(done.logs);
    expect(Number(window?.[1])).toBeGreaterThanOrEqual(Date.parse(at));
    await expect(functions.createExecution({ functionId: 'slow', async: false, scheduledAt: new Date(Date.now() + 60_000).toISOString() })).rejects.toThrow(/asynchronous/);
  });

  it('kills an execution that outlives its timeout and records it as failed', async () => {
    const execution = await functions.createExecution({ functionId: 'sleepy' });
    expect(execution.status).toBe('failed');
    expect(execution.errors).toMatch(/timed out/);
    expect(execution.logs).toBe('');
    expect(execution.duration).toBeLessThan(10);
  });

  it('keeps a function warm between executions, as a runtime container, with each execution\'s own logs', async () => {
    const call = async (body = '') => {
      const e = await functions.createExecution({ functionId: 'warm', body });
      return { e, out: e.responseBody ? (JSON.parse(e.responseBody) as { calls: number; pid: number; cwd: string; variable: string | null }) : undefined };
    };
    const first = await call();
    const second = await call();
    expect(first.e.status).toBe('completed');
    // The module was loaded once: its state carried over, in the same process.
    expect(second.out?.pid).toBe(first.out?.pid);
    expect(second.out?.calls).toBe(first.out!.calls + 1);
    expect(second.out?.cwd).toBe(fileURLToPath(new URL('./fixtures/functions/warm', import.meta.url)));
    expect(second.e.logs).toBe(`call ${second.out!.calls}`);

    // A process that exits fails its execution; the next one starts fresh.
    const exited = await call('exit');
    expect(exited.e.status).toBe('failed');
    expect(exited.e.errors).toMatch(/exited without a response \(code 3\)/);
    const fresh = await call();
    expect(fresh.out?.calls).toBe(1);
    expect(fresh.out?.pid).not.toBe(first.out?.pid);

    // Another environment (a variable changed) is another container.
    const variable = await functions.createVariable({ functionId: 'warm', variableId: ID.unique(), key: 'WARM_VARIABLE', value: 'set' });
    try {
      const changed = await call();
      expect(changed.out).toMatchObject({ calls: 1, variable: 'set' });
      expect(changed.out?.pid).not.toBe(fresh.out?.pid);
    } finally {
      await functions.deleteVariable({ functionId: 'warm', variableId: variable.$id });
    }
  });

  it('never runs more executions at once than the pool has slots', async () => {
    const started = await Promise.all(Array.from({ length: POOL * 2 }, () => functions.createExecution({ functionId: 'slow', async: true })));
    const finished = await waitFor(async () => {
      const all = await Promise.all(started.map((e) => functions.getExecution({ functionId: 'slow', executionId: e.$id })));
      return all.every((e) => e.status === 'completed') ? all : undefined;
    }, 'the slow executions');
    const windows = finished.map((e) => JSON.parse(e.responseBody || '{}') as { start?: number; end?: number });
    // responseBody is kept for synchronous executions only; the windows come from the logs.
    const spans = finished.map((e) => {
      const m = /window (\d+) (\d+)/.exec(e.logs);
      return { start: Number(m?.[1]), end: Number(m?.[2]) };
    });
    expect(windows.every((w) => w.start === undefined)).toBe(true);
    // Most executions running at one instant: at each start, count the spans that cover it.
    const concurrent = Math.max(...spans.map((s) => spans.filter((o) => o.start <= s.start && s.start < o.end).length));
    expect(concurrent).toBe(POOL);
  });
});

describe('schedules', () => {
  it('runs an enabled function on its cron schedule', async () => {
    await functions.update({ functionId: 'tick', name: 'tick', enabled: true });
    const tick = await waitFor(async () => {
      const { rows } = await tables.listRows({ databaseId: 'testdb', tableId: 'ticks' });
      return rows[0];
    }, 'a scheduled run', 10_000);
    await functions.update({ functionId: 'tick', name: 'tick', enabled: false });
    expect(tick.trigger).toBe('schedule');
    const runs = await executions('tick');
    expect(runs.every((e) => e.trigger === 'schedule')).toBe(true);
  });
});

describe('management API', () => {
  it('creates a function, deploys a tar.gz, passes variables as env, and runs it on events', async () => {
    const src = mkdtempSync(join(tmpdir(), 'deploy-src-'));
    mkdirSync(join(src, 'dist'));
    writeFileSync(join(src, 'package.json'), '{"type":"module"}');
    writeFileSync(
      join(src, 'dist', 'main.js'),
      `export default async ({ req, res }) => res.json({ greeting: process.env.GREETING ?? null, trigger: req.headers['x-appwrite-trigger'], event: req.headers['x-appwrite-event'] });`,
    );
    const archive = join(src, '..', `${src.split('/').pop()}.tar.gz`);
    execFileSync('tar', ['-czf', archive, '-C', src, 'package.json', 'dist/main.js']);

    await functions.create({
      functionId: 'pushed',
      name: 'pushed',
      runtime: 'node-20.0' as never,
      events: ['databases.testdb.tables.ticks.rows.*.create'],
      timeout: 15,
      entrypoint: 'dist/main.js',
    });
    const variable = await functions.createVariable({ functionId: 'pushed', variableId: ID.unique(), key: 'GREETING', value: 'hi there', secret: true });
    expect(variable.value).toBe('');
    const deployment = await functions.createDeployment({ functionId: 'pushed', code: InputFile.fromPath(archive, 'code.tar.gz'), activate: true, entrypoint: 'dist/main.js' });
    const ready = await functions.getDeployment({ functionId: 'pushed', deploymentId: deployment.$id });
    expect(ready.status).toBe('ready');
    const fn = await functions.get({ functionId: 'pushed' });
    expect(fn.deploymentId).toBe(deployment.$id);
    expect(fn.runtime).toBe('node-20.0');

    const sync = await functions.createExecution({ functionId: 'pushed' });
    expect(JSON.parse(sync.responseBody)).toMatchObject({ greeting: 'hi there', trigger: 'http' });
    expect(sync.deploymentId).toBe(deployment.$id);

    const tick = await tables.createRow({ databaseId: 'testdb', tableId: 'ticks', rowId: ID.unique(), data: { trigger: 'manual' } });
    const byEvent = await waitFor(async () => (await executions('pushed')).find((e) => e.trigger === 'event' && e.status !== 'waiting' && e.status !== 'processing'), 'the pushed function on an event');
    expect(byEvent.status, byEvent.errors).toBe('completed');
    expect(tick.$id).toBeTruthy();

    // A bigger archive goes up in 5 MB chunks, several in flight at once.
    writeFileSync(join(src, 'dist', 'blob.bin'), randomBytes(7 * 1024 * 1024));
    execFileSync('tar', ['-czf', archive, '-C', src, 'package.json', 'dist/main.js', 'dist/blob.bin']);
    const big = await functions.createDeployment({ functionId: 'pushed', code: InputFile.fromPath(archive, 'code.tar.gz'), activate: true, entrypoint: 'dist/main.js' });
    const bigReady = await waitFor(async () => {
      const d = await functions.getDeployment({ functionId: 'pushed', deploymentId: big.$id }).catch(() => undefined);
      return d?.status === 'ready' ? d : undefined;
    }, 'the chunked deployment');
    expect(bigReady.sourceSize).toBeGreaterThan(5 * 1024 * 1024);
    const afterBig = await functions.createExecution({ functionId: 'pushed' });
    expect(afterBig.deploymentId).toBe(big.$id);
    expect(JSON.parse(afterBig.responseBody)).toMatchObject({ greeting: 'hi there' });

    const list = await functions.list();
    expect(list.functions.map((f: Models.Function) => f.$id)).toEqual(expect.arrayContaining(['pushed', 'on-create-esm', 'slow']));
    rmSync(src, { recursive: true, force: true });
    rmSync(archive, { force: true });
  });
});

describe('restarts', () => {
  it('keeps execution records and marks the ones cut short as failed', async () => {
    const done = await functions.createExecution({ functionId: 'slow' });
    const later = await functions.createExecution({ functionId: 'slow', async: true, scheduledAt: new Date(Date.now() + 2000).toISOString() });
    await stack.close();
    // An execution the stack was running when it died, as the record stays on disk.
    const db = openDatabase(join(dataDir, 'local-appwrite.sqlite'));
    new RuntimeStore(db).putExecution({ $id: 'cut-short', functionId: 'slow', status: 'processing', $permissions: [], trigger: 'event', logs: '', errors: '' });
    db.close();
    await start();
    expect((await functions.getExecution({ functionId: 'slow', executionId: done.$id })).status).toBe('completed');
    const cut = await functions.getExecution({ functionId: 'slow', executionId: 'cut-short' });
    expect(cut.status).toBe('failed');
    expect(cut.errors).toMatch(/stopped/);
    // A scheduled execution survives the restart and still runs.
    const ran = await waitFor(async () => {
      const e = await functions.getExecution({ functionId: 'slow', executionId: later.$id });
      return e.status === 'completed' ? e : undefined;
    }, 'the scheduled execution after a restart');
    expect(ran.logs).toMatch(/window/);
  });
});
