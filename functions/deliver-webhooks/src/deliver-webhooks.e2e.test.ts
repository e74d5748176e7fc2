import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ID, Permission, Query, Role } from 'node-appwrite';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideo, executions, signIn, startHarness, waitFor, waitForFinished, type Harness, type User } from '../../../shared/src/pipeline/e2e/harness.js';

// Issue 13, webhooks: a receiver on loopback (allowed by the development flag) gets one
// signed delivery per event, verifies it, and sees the same webhook-id again after it
// answered 500; without the flag the loopback address is refused.
const secret = `whsec_${Buffer.from('webhook secret for the e2e suite!').toString('base64')}`;
type Received = { path: string; headers: IncomingHttpHeaders; body: string; type: string };
const received: Received[] = [];
/** Event types whose first request the receiver answers 500. */
const failFirst = new Set(['video.completed']);
let receiver: Server;
let url = '';
let h: Harness;
let owner: User;
let other: User;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const type = String((JSON.parse(body) as { type?: string }).type);
      received.push({ path: req.url ?? '', headers: req.headers, body, type });
      const fail = failFirst.delete(type);
      res.writeHead(fail ? 500 : 200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  h = await startHarness({ env: { WEBHOOK_ALLOW_PRIVATE: '1' } });
  [owner, other] = await Promise.all([signIn(h.stack), signIn(h.stack)]);
});
afterAll(async () => {
  await h?.close();
  await new Promise<void>((r) => receiver?.close(() => r()));
});

const mine = (u: User) => [Permission.read(Role.user(u.userId)), Permission.update(Role.user(u.userId)), Permission.delete(Role.user(u.userId))];

async function deliveries(): Promise<Record<string, unknown>[]> {
  return (await h.tables.listRows({ databaseId: 'studio', tableId: 'webhook_deliveries', queries: [Query.limit(100)] })).rows as unknown as Record<string, unknown>[];
}

async function idle(): Promise<void> {
  await waitFor('deliver-webhooks to go idle', async () => (await executions(h, 'deliver-webhooks')).every((e) => e.status !== 'waiting' && e.status !== 'processing'), 60_000);
}

describe('deliver-webhooks', () => {
  let hookId = '';

  it('keeps an endpoint to its owner', async () => {
    const hook = await owner.tables.createRow({
      databaseId: 'studio', tableId: 'webhooks', rowId: ID.unique(),
      data: { url, secret, events: ['video.completed', 'video.failed', 'scene.failed'], owner: owner.userId },
      permissions: mine(owner),
    });
    hookId = hook.$id;
    // Another user neither sees nor changes it, and cannot make one that claims to be the owner's.
    expect((await other.tables.listRows({ databaseId: 'studio', tableId: 'webhooks' })).rows).toEqual([]);
    await expect(other.tables.updateRow({ databaseId: 'studio', tableId: 'webhooks', rowId: hookId, data: { url: 'http://127.0.0.1:1/' } })).rejects.toMatchObject({ code: 401 });
    await expect(other.tables.createRow({ databaseId: 'studio', tableId: 'webhooks', rowId: ID.unique(), data: { url, secret, events: ['video.completed'], owner: owner.userId }, permissions: mine(owner) })).rejects.toMatchObject({ code: 401 });
    // A row of the other user's own that only names the owner in its column hears nothing (checked below).
    await other.tables.createRow({ databaseId: 'studio', tableId: 'webhooks', rowId: ID.unique(), data: { url: `${url}?forged`, secret, events: ['video.completed', 'video.failed', 'scene.failed'], owner: owner.userId }, permissions: mine(other) });
  });

  it('sends one signed delivery per event, and retries a 500 under the same webhook-id', async () => {
    const good = await createVideo(owner, { topic: 'Binary search', description: 'Halve the range.', provider: 'offline', max_scenes: 1 });
    const broken = await createVideo(owner, { topic: 'Broken scene [always-fail-render:2]', description: 'Two scenes, the second never renders.', provider: 'gemini', max_scenes: 2 });
    expect((await waitForFinished(h, good.$id)).status).toBe('completed');
    expect((await waitForFinished(h, broken.$id)).status).toBe('failed');
    await idle();

    const types = received.map((r) => r.type).sort();
    expect(types).toEqual(['scene.failed', 'video.completed', 'video.failed']);
    for (const r of received) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    const byType = Object.fromEntries(received.map((r) => [r.type, JSON.parse(r.body) as { data: Record<string, unknown> }]));
    expect(byType['video.completed']?.data.video_id).toBe(good.$id);
    expect(byType['video.failed']?.data.video_id).toBe(broken.$id);
    expect(byType['scene.failed']?.data).toMatchObject({ video_id: broken.$id, scene_number: 2 });
    expect(received.map((r) => r.path)).toEqual(['/hook', '/hook', '/hook']);

    // The 500 is recorded where the owner can read it, and nobody else can.
    const rows = await deliveries();
    expect(rows.every((d) => d.webhook_id === hookId)).toBe(true);
    const pending = rows.find((d) => d.event === 'video.completed');
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_status: 500, last_error: 'answered 500' });
    expect((await owner.tables.listRows({ databaseId: 'studio', tableId: 'webhook_deliveries' })).total).toBe(3);
    expect((await other.tables.listRows({ databaseId: 'studio', tableId: 'webhook_deliveries' })).total).toBe(0);

    // The schedule's next pass (as of later than the backoff) sends it again: same id, new signature, delivered.
    const firstId = received.find((r) => r.type === 'video.completed')?.headers['webhook-id'];
    await h.functions.createExecution({ functionId: 'deliver-webhooks', body: JSON.stringify({ now: new Date(Date.now() + 3600_000).toISOString() }), async: true });
    await waitFor('the retry', async () => received.filter((r) => r.type === 'video.completed').length === 2, 60_000);
    await idle();
    const retries = received.filter((r) => r.type === 'video.completed');
    expect(retries[1]?.headers['webhook-id']).toBe(firstId);
    expect(() => new Webhook(secret).verify(retries[1]!.body, retries[1]!.headers as Record<string, string>)).not.toThrow();
    expect((await deliveries()).find((d) => d.event === 'video.completed')).toMatchObject({ status: 'delivered', attempts: 2, last_status: 200 });
    expect(received).toHaveLength(4);
  });

  it('refuses the loopback receiver without WEBHOOK_ALLOW_PRIVATE', async () => {
    await h.functions.createVariable({ functionId: 'deliver-webhooks', variableId: ID.unique(), key: 'WEBHOOK_ALLOW_PRIVATE', value: '0' });
    const before = received.length;
    const video = await createVideo(owner, { topic: 'Bubble sort', description: 'Swap neighbours.', provider: 'offline', max_scenes: 1 });
    expect((await waitForFinished(h, video.$id)).status).toBe('completed');
    await idle();
    expect(received.length).toBe(before);
    const refused = (await deliveries()).find((d) => String(d.payload).includes(video.$id));
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
    expect(String(refused?.last_error)).toMatch(/127\.0\.0\.1, a private, loopback or link-local address/);
  });
});
