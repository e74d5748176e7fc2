import type { Handler, Invocation } from '../../../shared/src/appwrite/entry.js';
import { done, ignored } from '../../../shared/src/appwrite/outcome.js';
import { recordedOwner } from '../../../shared/src/limits/budgets.js';
import { userNamedIn } from '../../../shared/src/limits/creator.js';
import { KEY_PRINCIPAL } from '../../../shared/src/limits/ledger.js';
import { deliveryId, MAX_ATTEMPTS, messageId, messageOfScene, messageOfVideo, nextAttemptAt, payloadOf, type RowLike, type WebhookMessage } from '../../../shared/src/webhooks/events.js';
import type { Attempt, SendInput } from '../../../shared/src/webhooks/send.js';
import type { DeliveryRow, WebhookDeliveries, WebhookRow } from '../../../shared/src/webhooks/delivery-store.js';

export type DeliverDeps = { send: (input: SendInput) => Promise<Attempt> };

/** How long an attempt holds its delivery before the schedule may try it again. */
const CLAIM_SECONDS = 60;

/**
 * deliver-webhooks: tells a user's endpoints when their videos complete or fail and when a
 * scene fails, by the Standard Webhooks convention.
 * - On a video or scene row update whose row (re-read) is in such a state: one delivery row
 *   per subscribed endpoint of the video's owner (its id derived from the endpoint and the
 *   message, so a replayed event queues nothing twice), then a first attempt.
 * - On the schedule (or executed with `{ "now": … }`): every pending delivery that is due is
 *   attempted again, with the same `webhook-id` and body, until it is answered 2xx or its
 *   attempts run out (backoff in shared/src/webhooks/events.ts).
 */
export function deliverWebhooks(deps: DeliverDeps): Handler {
  return async (inv) => {
    const store = inv.webhooks;
    const allowPrivate = inv.config.env.WEBHOOK_ALLOW_PRIVATE === '1';
    // Due times follow the sweep's clock (`now` may be given); signatures carry the real time,
    // or receivers would refuse them as too new.
    const attempt = (row: DeliveryRow, hook: WebhookRow | null, now: Date) => attemptDelivery(store, deps, row, hook, { now, sentAt: inv.now() }, allowPrivate);
    if (inv.trigger === 'event') return onRowEvent(inv, store, attempt);

    const now = typeof inv.body.now === 'string' && !Number.isNaN(Date.parse(inv.body.now)) ? new Date(inv.body.now) : inv.now();
    const counts = { attempted: 0, delivered: 0 };
    for (const row of await store.due(now)) {
      const result = await attempt(row, await store.getWebhook(row.webhook_id), now);
      if (result) counts.attempted += 1;
      if (result?.status === 'delivered') counts.delivered += 1;
    }
    return done('webhooks.retried', counts);
  };
}

type AttemptFn = (row: DeliveryRow, hook: WebhookRow | null, now: Date) => Promise<DeliveryRow | null>;

async function onRowEvent(inv: Invocation, store: WebhookDeliveries, attempt: AttemptFn) {
  const id = typeof inv.body.$id === 'string' ? inv.body.$id : '';
  const isScene = /\.tables\.scenes\./.test(inv.eventName ?? '');
  // The event's body may be stale: the row as it is now decides.
  const row = isScene ? await inv.store.getScene(id) : await inv.store.getVideo(id);
  if (!row) return ignored('the row is gone');
  const message = isScene ? messageOfScene(row as unknown as RowLike) : messageOfVideo(row as unknown as RowLike);
  if (!message) return ignored(`nothing to announce for a ${row.status} ${isScene ? 'scene' : 'video'}`);
  const video = isScene ? await inv.store.getVideo(String((row as { video_id: string }).video_id)) : row;
  // The owner the pipeline recorded (the ledger), not the row's permissions a user may rewrite.
  const owner = video ? await recordedOwner(inv.ledger, video) : null;
  if (!owner || owner === KEY_PRINCIPAL) return ignored('the video has no owner to tell');

  const hooks = (await store.webhooksOf(owner)).filter((hook) => subscribed(hook, owner, message));
  const now = inv.now();
  let queued = 0;
  for (const hook of hooks) {
    const msgId = messageId(message);
    const created = await store.createDelivery(deliveryId(hook.$id, msgId), {
      webhook_id: hook.$id, owner, event: message.type, message_id: msgId, payload: payloadOf(message, now),
      status: 'pending', attempts: 0, next_attempt_at: now.toISOString(),
    }, owner);
    if (created === 'exists') continue;
    queued += 1;
    await attempt(created, hook, now);
  }
  return queued ? done('webhooks.queued', { event: message.type, endpoints: queued }) : ignored(`no new delivery of ${message.type}`);
}

/**
 * An endpoint hears a message when it is enabled, asks for that event, and belongs to the
 * video's owner. Belonging is read from the row's permissions, which Appwrite lets a user
 * grant only to itself — never from a column a user could fill in with someone else's id.
 */
function subscribed(hook: WebhookRow, owner: string, message: WebhookMessage): boolean {
  return hook.enabled && hook.events.includes(message.type) && userNamedIn(hook.$permissions) === owner;
}

/** One attempt: claim (compare-and-set), send, record the outcome and the next try. */
async function attemptDelivery(store: WebhookDeliveries, deps: DeliverDeps, row: DeliveryRow, hook: WebhookRow | null, clock: { now: Date; sentAt: Date }, allowPrivate: boolean): Promise<DeliveryRow | null> {
  const { now } = clock;
  if (!hook || !hook.enabled) {
    return store.update(row, { status: 'failed', next_attempt_at: null, last_error: hook ? 'the endpoint is disabled' : 'the endpoint was deleted' });
  }
  const claimed = await store.update(row, { next_attempt_at: new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString() });
  if (!claimed) return null;
  const result = await deps.send({ url: hook.url, secret: hook.secret, messageId: row.message_id, body: row.payload, now: clock.sentAt, allowPrivate });
  const attempts = claimed.attempts + 1;
  if (result.ok) {
    return store.update(claimed, { status: 'delivered', attempts, last_status: result.status, last_error: null, next_attempt_at: null, delivered_at: now.toISOString() });
  }
  const next = !result.final && attempts < MAX_ATTEMPTS ? nextAttemptAt(attempts, now) : null;
  return store.update(claimed, { status: next ? 'pending' : 'failed', attempts, last_status: result.status, last_error: result.error.slice(0, 500), next_attempt_at: next });
}
