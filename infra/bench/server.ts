import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, ID, Query, TablesDB } from 'node-appwrite';

// Local stack core figures through the real node-appwrite SDK over HTTP: row create
// latency (sequential), sustained creates per second (concurrent clients), get and list.
// The stack runs as `npm start` runs it, in its own process (so the SDK clients of the
// benchmark do not share its thread), on the conformance fixture schema (no functions): the
// core and the runtime's change listeners are on the path.
const CONFIG = resolve(fileURLToPath(import.meta.url), '../../local-appwrite/fixtures/conformance.appwrite.json');
const WARMUP = 300;
const SEQUENTIAL = 2000;
const CONCURRENT = 5000;
const WORKERS = 32;

export async function benchServer(): Promise<Record<string, number | string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-server-'));
  const { child, endpoint } = await startStackProcess(dataDir);
  const stack = { endpoint, projectId: 'local', apiKey: BENCH_KEY };
  try {
    const tables = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey));
    const t = { databaseId: 'app', tableId: 'public' };
    const create = (n: number) => tables.createRow({ ...t, rowId: ID.unique(), data: { n } });

    for (let i = 0; i < WARMUP; i++) await create(i);
    const createMs: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t0 = performance.now();
      await create(i);
      createMs.push(performance.now() - t0);
    }

    const getMs: number[] = [];
    const one = await create(-1);
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      await tables.getRow({ ...t, rowId: one.$id });
      getMs.push(performance.now() - t0);
    }
    const listMs: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      await tables.listRows({ ...t, queries: [Query.greaterThan('n', 1000), Query.orderDesc('n'), Query.limit(25)] });
      listMs.push(performance.now() - t0);
    }

    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < CONCURRENT) {
          next += 1;
          await create(next);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;

    // The SDK client costs more CPU per call than the server does, and both share this
    // machine's cores; a bare keep-alive HTTP client shows what the server itself sustains.
    const agent = new Agent({ keepAlive: true, maxSockets: WORKERS });
    const url = new URL(`${stack.endpoint}/tablesdb/app/tables/public/rows`);
    const rawCreate = (n: number) =>
      new Promise<void>((ok, fail) => {
        const body = JSON.stringify({ rowId: 'unique()', data: { n } });
        const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-appwrite-project': 'local', 'x-appwrite-key': BENCH_KEY } }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 201 ? ok() : fail(new Error(`create answered ${res.statusCode}`))));
        });
        req.on('error', fail);
        req.end(body);
      });
    let rawNext = 0;
    const r0 = performance.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (rawNext < CONCURRENT) {
          rawNext += 1;
          await rawCreate(rawNext);
        }
      }),
    );
    const rawSeconds = (performance.now() - r0) / 1000;
    agent.destroy();

    return {
      'row create p50 (ms, sequential, SDK)': percentile(createMs, 50),
      'row create p99 (ms, sequential, SDK)': percentile(createMs, 99),
      'row get p50 (ms)': percentile(getMs, 50),
      'row list p50 (ms, filter+order, 25 of ~7k)': percentile(listMs, 50),
      [`sustained creates/s (${WORKERS} concurrent SDK clients)`]: CONCURRENT / seconds,
      [`sustained creates/s (${WORKERS} concurrent raw HTTP)`]: CONCURRENT / rawSeconds,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((ok) => child.once('exit', ok));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const BENCH_KEY = 'bench-key';
const MAIN = resolve(fileURLToPath(import.meta.url), '../../local-appwrite/main.ts');

async function startStackProcess(dataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', APPWRITE_DATA_DIR: dataDir, APPWRITE_CONFIG: CONFIG, APPWRITE_API_KEY: BENCH_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /API: (http:\/\/\S+\/v1)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`local stack exited with ${code} before listening`)));
  });
  return { child, endpoint };
}
