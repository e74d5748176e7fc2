// The render worker as a real process (tsx), called over HTTP by the worker backend.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeClip } from '../../shared/src/media/probe-clip.js';
import type { RenderJob } from '../../shared/src/render/contract.js';
import { createWorkerBackend } from '../../shared/src/render/worker-backend.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const token = `test-token-${Math.random().toString(36).slice(2)}-long-enough`;
let worker: ChildProcess;
let url = '';

const scene = (body: string): RenderJob => ({
  code: `from manim import *\n\nclass Tiny(Scene):\n    def construct(self):\n        ${body}\n`,
  className: 'Tiny',
  quality: 'preview',
  aspectRatio: '16:9',
});

beforeAll(async () => {
  worker = spawn(process.execPath, ['--import', 'tsx', 'infra/render-worker/main.ts'], {
    cwd: repo,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', RENDER_WORKER_TOKEN: token, RENDER_WORKER_CONCURRENCY: '1', RENDER_WORKER_QUEUE: '0', RENDER_WORKER_MAX_BODY_BYTES: String(64 * 1024) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    worker.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.includes('"worker.listening"'));
      if (line) resolve(`http://127.0.0.1:${JSON.parse(line).port}`);
    });
    worker.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
});
afterAll(() => {
  worker?.kill('SIGTERM');
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/render`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('render worker', () => {
  it('reports its sandbox and queue on /health', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, missing: [], queue: { running: 0, waiting: 0, concurrency: 1, capacity: 0 } });
    expect(body.sandbox).toEqual(expect.arrayContaining(['bwrap', 'prlimit', 'timeout']));
  });

  it('renders a scene for the worker backend, with the same result shape as the local backend', async () => {
    const backend = createWorkerBackend({ workerUrl: url, workerToken: token, timeoutMs: 60_000 });
    const result = await backend.render(scene('self.play(Create(Circle()), run_time=1)'));
    if (!result.ok) throw new Error(`${result.errorClass}: ${result.message}`);
    expect(result.sandbox).toContain('bwrap');
    const info = await probeClip(result.clip);
    expect(info).toMatchObject({ codec: 'avc', width: 854, height: 480, frameRate: 15 });
    expect(result.durationSeconds).toBeCloseTo(info.durationSeconds, 3);
  });

  it('passes render failures through with their class and message', async () => {
    const backend = createWorkerBackend({ workerUrl: url, workerToken: token, timeoutMs: 60_000 });
    // An error only a render finds: the gate's API check names undefined names before rendering.
    const result = await backend.render(scene('self.play(Write([Circle()][2]))'));
    expect(result).toMatchObject({ ok: false, errorClass: 'runtime', message: expect.stringMatching(/^IndexError: list index out of range/) });
  });

  it('refuses requests without the bearer token, or with a wrong one (401)', async () => {
    const job = JSON.stringify(scene('self.wait(0.1)'));
    expect((await post(job)).status).toBe(401);
    expect((await post(job, { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await post(job, { authorization: token })).status).toBe(401);
    const backend = createWorkerBackend({ workerUrl: url, workerToken: 'wrong-token-0123456789', timeoutMs: 10_000 });
    const result = await backend.render(scene('self.wait(0.1)'));
    expect(result).toMatchObject({ ok: false, errorClass: 'internal', message: expect.stringContaining('HTTP 401') });
    expect(JSON.stringify(result)).not.toContain('wrong-token-0123456789');
  });

  it('refuses an oversized job (413)', async () => {
    const big = JSON.stringify(scene(`x = """${'a'.repeat(100 * 1024)}"""`));
    const res = await post(big, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(413);
  });

  it('refuses a malformed job (400)', async () => {
    const res = await post(JSON.stringify({ code: 'x', className: 'not a class', quality: 'ultra' }), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
  });

  it('cancels the render of a client that goes away, freeing its slot', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const client = new AbortController();
    const gone = fetch(`${url}/render`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(scene('self.wait(20)')), signal: client.signal }).catch(() => 'aborted');
    const running = async () => (await (await fetch(`${url}/health`)).json()).queue.running as number;
    for (let i = 0; i < 50 && (await running()) === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(await running()).toBe(1);
    client.abort();
    expect(await gone).toBe('aborted');
    for (let i = 0; i < 50 && (await running()) === 1; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(await running()).toBe(0);
  });

  it('answers 429 with Retry-After when the queue is full', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const slow = post(JSON.stringify(scene('self.wait(3)')), auth);
    for (let i = 0; i < 50; i += 1) {
      const health = await (await fetch(`${url}/health`)).json();
      if (health.queue.running === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const rejected = await post(JSON.stringify(scene('self.wait(0.1)')), auth);
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('retry-after')).toBe('2');
    const first = await slow;
    expect(first.status).toBe(200);
    expect((await first.json()).ok).toBe(true);
  });
});
