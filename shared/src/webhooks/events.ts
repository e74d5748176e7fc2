import { z } from 'zod';
import { hash20 } from '../domain/ids.js';

/** What a user can subscribe an endpoint to. Names follow `noun.past-verb`. */
export const WebhookEvent = z.enum(['video.completed', 'video.failed', 'scene.failed']);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export type RowLike = { $id: string; $updatedAt: string } & Record<string, unknown>;

/** One message: its type, the data sent, and the key that makes its `webhook-id`. */
export type WebhookMessage = { type: WebhookEvent; key: string; data: Record<string, unknown> };

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * The message a row's state announces, or null. The key names one occurrence: a video's
 * finish (a re-run finishes again, with a new `finished_at`), a scene's failure in one run
 * and attempt; every later write to the same finished row has the same key, so it makes no
 * second message.
 */
export function messageOfVideo(row: RowLike): WebhookMessage | null {
  const status = row.status;
  if (status !== 'completed' && status !== 'failed') return null;
  const type = status === 'completed' ? 'video.completed' : 'video.failed';
  return {
    type,
    key: `${type}\n${row.$id}\n${str(row.finished_at) ?? row.$updatedAt}`,
    data: {
      video_id: row.$id,
      topic: row.topic,
      status,
      finished_at: str(row.finished_at),
      ...(status === 'completed'
        ? { video_url: str(row.combined_video_url) }
        : { error_message: str(row.error_message), partial_video_url: str(row.partial_video_url) }),
    },
  };
}

export function messageOfScene(row: RowLike): WebhookMessage | null {
  if (row.status !== 'failed') return null;
  return {
    type: 'scene.failed',
    key: `scene.failed\n${row.$id}\n${String(row.renders ?? 0)}.${String(row.attempt ?? 0)}`,
    data: {
      scene_id: row.$id,
      video_id: row.video_id,
      scene_number: row.scene_number,
      title: row.title ?? null,
      error_class: str(row.error_class),
      error_message: str(row.error_message),
    },
  };
}

/** The `webhook-id` of a message: derived from its key, so a replayed event makes the same id. */
export function messageId(message: WebhookMessage): string {
  return `msg_${hash20(message.key)}`;
}

export { webhookDeliveryId as deliveryId } from '../domain/ids.js';

/** The Standard Webhooks payload shape: type, timestamp, data. */
export function payloadOf(message: WebhookMessage, now: Date): string {
  return JSON.stringify({ type: message.type, timestamp: now.toISOString(), data: message.data });
}

/** When the next attempt goes after `attempts` failed ones, or null when the delivery gives up. */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 3600, 6 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

export function nextAttemptAt(attempts: number, now: Date): string | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000).toISOString();
}
