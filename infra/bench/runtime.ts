// Runtime figures on this machine: write → Realtime delivery and event → execution start.
// Starts its own stack (port 0, temp data dir) with the runtime's fixture appwrite.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Functions, ID, Permission, Role, TablesDB } from 'node-appwrite';
import { WebSocket } from 'ws';
import { startLocalStack } from '../local-appwrite/server.js';

const CONFIG = fileURLToPath(new URL('../local-appwrite/runtime/fixtures/appwrite.json', import.meta.url));
const REALTIME_WRITES = 300;
const EXECUTIONS = 30;

export async function benchRuntime(): Promise<Record<string, number | string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  const stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, schedules: false, quiet: true });
  try {
    const client = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
    const tables = new TablesDB(client);
    const functions = new Functions(client);
    const realtime = await realtimeDelivery(stack.endpoint, stack.projectId, tables);
    const starts = await executionStarts(tables, functions);
    return {
      'realtime delivery p50 (ms, write call → message)': percentile(realtime.delivery, 50),
      'realtime delivery p99 (ms)': percentile(realtime.delivery, 99),
      'same writes, HTTP round trip p50 (ms)': percentile(realtime.roundTrip, 50),
      'realtime writes measured': realtime.delivery.length,
      // The first execution starts its function's worker (a cold start); the rest call it warm.
      'event → execution start, cold worker (ms)': starts[0] ?? Number.NaN,
      'event → execution start p50 (ms)': percentile(starts, 50),
      'event → execution start p99 (ms)': percentile(starts, 99),
      'executions measured': starts.length,
      targets: 'realtime p50 ≤ 10 ms, execution start p50 ≤ 150 ms',
    };
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One guest socket on `rows.create`; sequential writes readable by anyone. */
async function realtimeDelivery(endpoint: string, projectId: string, tables: TablesDB): Promise<{ delivery: number[]; roundTrip: number[] }> {
  const socket = new WebSocket(`${endpoint.replace('http', 'ws')}/realtime?project=${projectId}`);
  const arrivals = new Map<string, (at: number) => void>();
  await new Promise<void>((ready, fail) => {
    socket.on('error', fail);
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; data?: { payload?: { $id?: string } } };
      if (message.type === 'connected') socket.send(JSON.stringify({ type: 'subscribe', data: [{ subscriptionId: 'bench', channels: ['rows.create'] }] }));
      if (message.type === 'response') ready();
      const id = message.data?.payload?.$id;
      if (message.type === 'event' && id) arrivals.get(id)?.(performance.now());
    });
  });
  const samples: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < REALTIME_WRITES; i++) {
    const rowId = ID.unique();
    const arrived = new Promise<number>((resolve) => arrivals.set(rowId, resolve));
    const t0 = performance.now();
    await tables.createRow({ databaseId: 'testdb', tableId: 'pings', rowId, data: { title: `r${i}` }, permissions: [Permission.read(Role.any())] });
    const answered = performance.now();
    const at = await withTimeout(arrived, 5000);
    arrivals.delete(rowId);
    // The first writes warm up the JIT and the SQLite statement cache.
    if (i >= 20) {
      samples.push(at - t0);
      roundTrip.push(answered - t0);
    }
  }
  socket.close();
  return { delivery: samples, roundTrip };
}

/** Sequential row creates that trigger bench-start; the function logs when its call began. */
async function executionStarts(tables: TablesDB, functions: Functions): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < EXECUTIONS; i++) {
    const t0 = performance.timeOrigin + performance.now();
    await tables.createRow({ databaseId: 'testdb', tableId: 'bench', rowId: ID.unique(), data: { i } });
    const log = await withTimeout(
      (async () => {
        for (;;) {
          const { executions } = await functions.listExecutions({ functionId: 'bench-start', queries: ['{"method":"equal","attribute":"status","values":["completed"]}', '{"method":"limit","values":[100]}'] });
          if (executions.length > i) return executions[executions.length - 1]!.logs;
          await new Promise((r) => setTimeout(r, 20));
        }
      })(),
      30_000,
    );
    const started = Number(/started ([\d.]+)/.exec(log)?.[1]);
    if (Number.isFinite(started)) samples.push(started - t0);
  }
  return samples;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
