import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Functions, ID, Query, Storage, TablesDB, type Models } from 'node-appwrite';
import { startFakeGemini, type FakeGemini } from '../../../../infra/testing/fake-gemini.js';
import { ChangeBus, type Change } from '../../../../infra/local-appwrite/core/bus.js';
import { startLocalStack, type LocalStack } from '../../../../infra/local-appwrite/server.js';
import { SceneRecord, VideoRecord } from '../../appwrite/records.js';

/**
 * A local stack of its own for pipeline suites: they need settings the shared stack cannot
 * take per test (short leases, quotas, no schedule so the sweeper runs only when asked) and
 * the fake Gemini object itself, to read the prompts it received.
 */
const ROOT = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));

export type Harness = {
  stack: LocalStack;
  fake: FakeGemini;
  dataDir: string;
  tables: TablesDB;
  storage: Storage;
  functions: Functions;
  close(): Promise<void>;
};

let built = false;

export async function startHarness(opts: { env?: Record<string, string>; poolSize?: number; dataDir?: string } = {}): Promise<Harness> {
  if (!built) {
    // `npm test` builds first; a suite run on its own rebuilds only if a source is newer,
    // so other suites' executions on the shared stack never load a half-written bundle.
    if (bundlesStale()) execFileSync(process.execPath, [join(ROOT, 'infra/build/functions.mjs')], { cwd: ROOT, stdio: 'ignore' });
    built = true;
  }
  const fake = await startFakeGemini();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'pipeline-e2e-'));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    quiet: true,
    schedules: false,
    ...(opts.poolSize ? { poolSize: opts.poolSize } : {}),
    env: { GEMINI_BASE_URL: fake.url, GEMINI_API_KEY: 'fake-gemini-key', LLM_RETRY_BASE_MS: '50', LLM_TIMEOUT_MS: '5000', ...opts.env },
  });
  const client = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
  return {
    stack, fake, dataDir,
    tables: new TablesDB(client),
    storage: new Storage(client),
    functions: new Functions(client),
    async close() {
      await stack.close();
      await fake.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function bundlesStale(): boolean {
  const bundles = pipelineFunctions.map((fn) => join(ROOT, 'functions', fn, 'dist/main.js'));
  if (bundles.some((b) => !existsSync(b))) return true;
  const oldest = Math.min(...bundles.map((b) => statSync(b).mtimeMs));
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? max : Math.max(max, newest(path));
    return entry.name.endsWith('.ts') ? Math.max(max, statSync(path).mtimeMs) : max;
  }, 0);
  return Math.max(newest(join(ROOT, 'functions')), newest(join(ROOT, 'shared/src'))) > oldest;
}

export type User = { userId: string; secret: string; tables: TablesDB };

/** An anonymous user, as the dashboard signs in; rows it creates get its permissions. */
export async function signIn(stack: LocalStack): Promise<User> {
  const res = await fetch(`${stack.endpoint}/account/sessions/anonymous`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-appwrite-project': stack.projectId }, body: '{}' });
  if (!res.ok) throw new Error(`anonymous sign-in failed: ${res.status}`);
  const body = (await res.json()) as { userId: string; secret?: string };
  const cookie = res.headers.getSetCookie().map((c) => /^a_session_[^=]+=([^;]+)/.exec(c)?.[1]).find(Boolean);
  const secret = body.secret || cookie;
  if (!secret) throw new Error('no session secret');
  const client = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setSession(secret);
  return { userId: body.userId, secret, tables: new TablesDB(client) };
}

/** `rowId` lets a test know the id before the row exists (and its events fire). */
export async function createVideo(user: User, data: Record<string, unknown>, rowId: string = ID.unique()): Promise<VideoRecord> {
  const row = await user.tables.createRow({ databaseId: 'studio', tableId: 'videos', rowId, data });
  return VideoRecord.parse(row);
}

export async function getVideo(h: Harness, id: string): Promise<VideoRecord> {
  return VideoRecord.parse(await h.tables.getRow({ databaseId: 'studio', tableId: 'videos', rowId: id }));
}

export async function listScenes(h: Harness, videoId: string): Promise<SceneRecord[]> {
  const page = await h.tables.listRows({ databaseId: 'studio', tableId: 'scenes', queries: [Query.equal('video_id', videoId), Query.orderAsc('scene_number'), Query.limit(100)] });
  return page.rows.map((r) => SceneRecord.parse(r));
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 240_000, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const finished = ['completed', 'failed', 'cancelled'];

/** Waits until the video is finished and nothing of it is still running. */
export async function waitForFinished(h: Harness, id: string, timeoutMs = 240_000): Promise<VideoRecord> {
  const video = await waitFor(`video ${id} to finish`, async () => {
    const v = await getVideo(h, id);
    return finished.includes(v.status) ? v : null;
  }, timeoutMs);
  await waitForIdle(h);
  return getVideo(h, id).then((v) => (finished.includes(v.status) ? v : video));
}

export async function executions(h: Harness, functionId: string): Promise<Models.Execution[]> {
  const out: Models.Execution[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await h.functions.listExecutions({ functionId, queries: [Query.limit(100), Query.offset(offset)] });
    out.push(...page.executions);
    if (page.executions.length < 100) return out;
  }
}

export const pipelineFunctions = ['plan-video', 'code-scene', 'render-scene', 'combine-video', 'sweep-stuck'] as const;

/** Until no execution is waiting or running and no handed-off render awaits its write-back (the chain has settled). */
export async function waitForIdle(h: Harness, timeoutMs = 120_000): Promise<void> {
  await waitFor('the functions to go idle', async () => {
    if (h.stack.pendingRenders() > 0) return false;
    for (const fn of pipelineFunctions) {
      const page = await h.functions.listExecutions({ functionId: fn, queries: [Query.equal('status', ['waiting', 'processing']), Query.limit(1)] });
      if (page.total > 0 || page.executions.length > 0) return false;
    }
    return true;
  }, timeoutMs, 300);
}

/**
 * What each execution did, read from its structured log lines (Appwrite keeps the logs of
 * event and async executions, not their response bodies): the outcome event of each, e.g.
 * `scene.rendered`, or `event.ignored`.
 */
export type ExecutionOutcome = { outcome: string; event?: string; reason?: string; fields?: Record<string, unknown> };

export function outcomes(list: Models.Execution[]): ExecutionOutcome[] {
  return list.map((e) => {
    const lines = `${e.logs}\n${e.errors}`.split('\n').flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as { event?: string; reason?: string } & Record<string, unknown>;
        return parsed && typeof parsed.event === 'string' ? [{ ...parsed, event: parsed.event, reason: parsed.reason }] : [];
      } catch {
        return [];
      }
    });
    const last = lines.at(-1);
    if (!last) return { outcome: `no-log:${e.status}` };
    if (last.event === 'event.ignored') return { outcome: 'ignored', event: last.event, ...(last.reason ? { reason: last.reason } : {}) };
    if (last.event.startsWith('outcome.') || last.event === 'handler.crashed') return { outcome: 'failed', event: last.event };
    return { outcome: 'done', event: last.event, fields: last };
  });
}

export async function download(h: Harness, bucketId: string, fileId: string, dir: string, name: string): Promise<string> {
  const bytes = Buffer.from(await h.storage.getFileDownload({ bucketId, fileId }));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

export type Probe = { streams: { codec_type: string; codec_name: string; nb_frames?: string }[]; format: { duration: string } };

export function ffprobe(path: string): Probe {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', path]).toString()) as Probe;
}

/** Sweeps as if the clock were `aheadSeconds` later, so every lease looks expired. */
export async function sweep(h: Harness, aheadSeconds = 3600): Promise<void> {
  await h.functions.createExecution({ functionId: 'sweep-stuck', body: JSON.stringify({ now: new Date(Date.now() + aheadSeconds * 1000).toISOString() }), async: true });
}

type Proc = { pid: number; ppid: number; cmd: string };

function processes(): Proc[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
    try {
      const ppid = Number(readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]);
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return [{ pid: Number(p), ppid, cmd }];
    } catch {
      return [];
    }
  });
}

function descendants(procs: Proc[], pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...procs.filter((p) => p.ppid === out[i]).map((p) => p.pid));
  return out;
}

/** SIGKILLs each runner and everything under it, as a platform kill would. */
function killTrees(procs: Proc[], runners: Proc[]): number {
  for (const runner of runners) {
    for (const pid of descendants(procs, runner.pid).reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  return runners.length;
}

/**
 * Kills every running execution of `functionId` in this test process's stacks. A runner
 * changes into the function's folder for each execution it runs (idle workers and spares
 * wait in the stack's own folder), so its working directory names the function it runs.
 */
export function killExecutionsOf(functionId: string): number {
  const dir = join(ROOT, 'functions', functionId);
  const procs = processes();
  return killTrees(procs, procs.filter((p) => {
    if (p.ppid !== process.pid) return false;
    try {
      return readlinkSync(`/proc/${p.pid}/cwd`) === dir;
    } catch {
      return false;
    }
  }));
}

const commitObservers = new Set<(change: Change) => void>();
let busObserved = false;

/**
 * Calls `observe` with every row or file write any local stack in this process commits,
 * synchronously — before the HTTP response reaches the execution that made the write.
 * Returns a function that stops observing.
 */
export function onCommit(observe: (change: Change) => void): () => void {
  if (!busObserved) {
    busObserved = true;
    const emit = ChangeBus.prototype.emit;
    ChangeBus.prototype.emit = function (this: ChangeBus, change: Change) {
      emit.call(this, change);
      for (const o of [...commitObservers]) o(change);
    };
  }
  commitObservers.add(observe);
  return () => commitObservers.delete(observe);
}

/**
 * Kills the running execution(s) of `functionId` at the first committed write that matches
 * `when` — deterministically at that step: the execution that made the write is killed before
 * it learns that the write succeeded, so it dies holding exactly that state. Resolves with
 * how many runners were killed (at least one, or it keeps waiting).
 */
export function killExecutionAt(functionId: string, when: (change: Change) => boolean): Promise<number> {
  return new Promise((resolve) => {
    const stop = onCommit((change) => {
      if (!when(change)) return;
      const killed = killExecutionsOf(functionId);
      if (killed === 0) return;
      stop();
      resolve(killed);
    });
  });
}

export type { Change };
