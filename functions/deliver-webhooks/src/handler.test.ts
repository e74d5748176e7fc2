import { describe, expect, it } from 'vitest';
import { ownerRowPermissions, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { createMemoryStore } from '../../../shared/src/pipeline/testing/memory-store.js';
import type { DeliveryPatch, DeliveryRow, WebhookDeliveries, WebhookRow } from '../../../shared/src/webhooks/delivery-store.js';
import type { Attempt, SendInput } from '../../../shared/src/webhooks/send.js';
import { deliverWebhooks } from './handler.js';

/** The two webhook tables in memory, with `$updatedAt` guards like X-Appwrite-Timestamp. */
function memoryDeliveries(hooks: WebhookRow[]) {
  const rows = new Map<string, DeliveryRow & Record<string, unknown>>();
  let tick = 0;
  const stamp = () => new Date(Date.UTC(2026, 11, 2, 6, 0, 0, tick++)).toISOString();
  const port: WebhookDeliveries = {
    webhooksOf: async () => hooks,
    getWebhook: async (id) => hooks.find((h) => h.$id === id) ?? null,
    async createDelivery(id, data) {
      if (rows.has(id)) return 'exists';
      const row = { ...(data as object), $id: id, $updatedAt: stamp() } as DeliveryRow & Record<string, unknown>;
      rows.set(id, row);
      return row;
    },
    due: async (now) => [...rows.values()].filter((r) => r.status === 'pending' && String(r.next_attempt_at) <= now.toISOString()),
    async update(row, patch: DeliveryPatch) {
      const current = rows.get(row.$id);
      if (!current || current.$updatedAt !== row.$updatedAt) return null;
      const next = { ...current, ...patch, $updatedAt: stamp() } as DeliveryRow & Record<string, unknown>;
      rows.set(row.$id, next);
      return next;
    },
  };
  return { port, rows };
}

const hook = (id: string, permissions = ownerRowPermissions, events = ['video.completed']): WebhookRow =>
  ({ $id: id, $permissions: permissions, url: 'https://hooks.example.com/x', secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', events, enabled: true });

function sender(answers: Attempt[]) {
  const sent: SendInput[] = [];
  return { sent, send: async (input: SendInput) => (sent.push(input), answers.shift() ?? { ok: true as const, status: 200 }) };
}

function completedVideo() {
  const store = createMemoryStore();
  seedVideo(store, { status: 'completed', finished_at: '2026-12-02T05:00:00.000+00:00', topic: 'Heaps' });
  return store;
}
const videoEvent = { trigger: 'event' as const, eventName: `databases.studio.tables.videos.rows.${VIDEO_ID}.update`, body: { $id: VIDEO_ID, status: 'completed' } };

describe('deliver-webhooks', () => {
  it('queues one delivery per subscribed endpoint of the owner, and only once per message', async () => {
    const store = completedVideo();
    const { port, rows } = memoryDeliveries([hook('mine'), hook('forged', ['read("user:someone-else")']), hook('other-event', ownerRowPermissions, ['scene.failed'])]);
    const s = sender([]);
    expect(await deliverWebhooks(s)(testInvocation({ ...videoEvent, store, webhooks: port }))).toMatchObject({ kind: 'done', event: 'webhooks.queued', fields: { endpoints: 1 } });
    expect(s.sent.map((i) => JSON.parse(i.body).type)).toEqual(['video.completed']);
    expect([...rows.values()].map((r) => [r.webhook_id, r.status, r.attempts])).toEqual([['mine', 'delivered', 1]]);
    // The same finish heard again (a replayed event, a later write) queues nothing more.
    expect(await deliverWebhooks(s)(testInvocation({ ...videoEvent, store, webhooks: port }))).toMatchObject({ kind: 'ignored' });
    expect(s.sent).toHaveLength(1);
  });

  it('retries a failed attempt later under the same webhook-id, and gives up on a refused address at once', async () => {
    const store = completedVideo();
    const { port, rows } = memoryDeliveries([hook('mine')]);
    const s = sender([{ ok: false, status: 500, error: 'answered 500' }]);
    await deliverWebhooks(s)(testInvocation({ ...videoEvent, store, webhooks: port, now: new Date('2026-12-02T06:00:00.000Z') }));
    const [pending] = [...rows.values()];
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_status: 500, last_error: 'answered 500' });
    expect(await deliverWebhooks(s)(testInvocation({ trigger: 'schedule', webhooks: port, now: new Date('2026-12-02T06:00:10.000Z') }))).toMatchObject({ fields: { attempted: 0 } });
    expect(await deliverWebhooks(s)(testInvocation({ trigger: 'schedule', webhooks: port, now: new Date('2026-12-02T06:01:00.000Z') }))).toMatchObject({ fields: { attempted: 1, delivered: 1 } });
    expect(s.sent.map((i) => i.messageId)).toEqual([s.sent[0]!.messageId, s.sent[0]!.messageId]);

    const refused = memoryDeliveries([hook('mine')]);
    await deliverWebhooks(sender([{ ok: false, status: null, error: 'the URL names 127.0.0.1, a private address', final: true }]))(testInvocation({ ...videoEvent, store: completedVideo(), webhooks: refused.port }));
    expect([...refused.rows.values()][0]).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
  });
});
