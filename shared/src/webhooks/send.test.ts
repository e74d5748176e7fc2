import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from './send.js';

// A real receiver on loopback: what arrives is what a user's endpoint would get.
const secret = `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`;
let server: Server;
let base = '';
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/redirect') res.writeHead(302, { location: '/hook' }).end();
      else res.writeHead(req.url === '/fail' ? 500 : 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const send = (path: string, allowPrivate: boolean, host = base) =>
  sendWebhook({ url: `${host}${path}`, secret, messageId: 'msg_1', body: '{"type":"video.completed"}', now: new Date(), allowPrivate });

describe('sendWebhook', () => {
  it('delivers a body the receiver can verify with the secret (Standard Webhooks)', async () => {
    received.length = 0;
    expect(await send('/hook', true)).toEqual({ ok: true, status: 204 });
    const [got] = received;
    expect(got?.headers['webhook-id']).toBe('msg_1');
    const verified = new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>);
    expect(verified).toEqual({ type: 'video.completed' });
    // A different secret does not verify.
    expect(() => new Webhook(`whsec_${Buffer.from('another secret entirely, 32 bytes').toString('base64')}`).verify(got!.body, got!.headers as Record<string, string>)).toThrow();
  });

  it('reports a 500 as a failed attempt that may be retried', async () => {
    expect(await send('/fail', true)).toEqual({ ok: false, status: 500, error: 'answered 500' });
  });

  it('does not follow a redirect', async () => {
    received.length = 0;
    const result = await send('/redirect', true);
    expect(result).toMatchObject({ ok: false, status: 302 });
    expect(received.map((r) => r.path)).toEqual(['/redirect']);
  });

  it('refuses loopback without the development flag, by address and by name, before anything is sent', async () => {
    received.length = 0;
    const literal = await send('/hook', false);
    expect(literal).toMatchObject({ ok: false, status: null, final: true });
    expect(literal.ok ? '' : literal.error).toMatch(/names 127\.0\.0\.1, a private, loopback or link-local address/);
    const port = new URL(base).port;
    const byName = await send('/hook', false, `http://localhost:${port}`);
    expect(byName).toMatchObject({ ok: false, final: true });
    expect(byName.ok ? '' : byName.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private/);
    expect(await send('/hook', false, `http://[::ffff:127.0.0.1]:${port}`)).toMatchObject({ ok: false, final: true });
    expect(received).toEqual([]);
  });

  it('refuses schemes other than http(s)', async () => {
    expect(await sendWebhook({ url: 'ftp://example.com/x', secret, messageId: 'm', body: '{}', now: new Date(), allowPrivate: true })).toMatchObject({ ok: false, final: true });
  });
});
