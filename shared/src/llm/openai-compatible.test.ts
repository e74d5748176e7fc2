import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProvider } from './provider.js';

// A minimal chat-completions server: answers are queued per test.
type Queued = { status: number; body: unknown; headers?: Record<string, string> };
let queue: Queued[] = [];
let seen: { auth?: string; body: { model: string; response_format?: unknown; messages: { content: string }[] } }[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
      const next = queue.shift() ?? { status: 500, body: { error: 'queue empty' } };
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  queue = [];
  seen = [];
});

const chat = (content: string) => ({ status: 200, body: { choices: [{ message: { role: 'assistant', content } }], usage: { prompt_tokens: 120, completion_tokens: 80 } } });
const plan = { title: 'Ohm', scenes: [1, 2, 3].map((n) => ({ title: `S${n}`, goal: 'g', visuals: ['v'], duration_seconds: 6, narration: `Scene ${n} says one thing.` })) };
const provider = () => createProvider({ openaiBaseUrl: base, openaiModel: 'llama3.1', openaiApiKey: 'sk-local-secret', maxRetries: 2, retryBaseMs: 1, timeoutMs: 2000 });

describe('openai-compatible provider', () => {
  it('asks for a JSON object, sends the bearer key and sums usage', async () => {
    queue.push(chat(JSON.stringify(plan)));
    const p = provider();
    expect(p).toMatchObject({ name: 'openai-compatible', model: 'llama3.1' });
    const r = await p.plan({ topic: 'Ohm', description: '', maxScenes: 4, aspectRatio: '16:9' });
    expect(r.plan.scenes).toHaveLength(3);
    expect(r.usage).toEqual({ tokensIn: 120, tokensOut: 80 });
    expect(seen[0]).toMatchObject({ auth: 'Bearer sk-local-secret', body: { model: 'llama3.1', response_format: { type: 'json_object' } } });
  });

  it('retries a 500 and a 429, then repairs a schema violation', async () => {
    queue.push({ status: 500, body: {} }, { status: 429, body: {}, headers: { 'retry-after': '0' } }, chat('{"title":"x","scenes":[]}'), chat(JSON.stringify(plan)));
    const r = await provider().plan({ topic: 'Ohm', description: '', maxScenes: 4, aspectRatio: '16:9' });
    expect(r.plan.title).toBe('Ohm');
    expect(seen).toHaveLength(4);
    expect(seen[3]!.body.messages[1]!.content).toContain('PREVIOUS ANSWER WAS REJECTED');
  });

  it('reports auth failures at once, without the key', async () => {
    queue.push({ status: 401, body: { error: 'bad key sk-local-secret' } });
    const err = await provider()
      .code({ topic: 'Ohm', scene: plan.scenes[0]!, sceneNumber: 1, sceneCount: 3, className: 'Scene01', quality: 'preview', aspectRatio: '16:9' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', retriable: false });
    expect((err as Error).message).not.toContain('sk-local-secret');
    expect(seen).toHaveLength(1);
  });
});
