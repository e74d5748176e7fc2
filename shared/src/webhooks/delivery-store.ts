import { Query } from 'node-appwrite';
import { z } from 'zod';
import type { Services } from '../appwrite/services.js';
import { isAlreadyExists, isNotFound, isUpdateConflict } from '../appwrite/services.js';
import { fileReadPermissions } from '../limits/creator.js';
import { WebhookEvent } from './events.js';

export const webhookTables = { webhooks: 'webhooks', deliveries: 'webhook_deliveries' } as const;

/** An endpoint as its owner registered it (the dashboard, or anything with the user's session). */
export const WebhookRow = z.looseObject({
  $id: z.string(),
  $permissions: z.array(z.string()).default([]),
  url: z.string(),
  secret: z.string(),
  events: z.array(z.string()).default([]),
  enabled: z.boolean().nullish().transform((v) => v !== false),
});
export type WebhookRow = z.infer<typeof WebhookRow>;

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export const DeliveryRow = z.looseObject({
  $id: z.string(),
  $updatedAt: z.string(),
  webhook_id: z.string(),
  event: WebhookEvent,
  message_id: z.string(),
  payload: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int().nullish().transform((v) => v ?? 0),
  next_attempt_at: z.string().nullish(),
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;

export type DeliveryPatch = Partial<{
  status: z.infer<typeof DeliveryStatus>;
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
}>;

/** What deliver-webhooks needs from the `webhooks` and `webhook_deliveries` tables. */
export type WebhookDeliveries = {
  /** The endpoints whose `owner` column names this user (the handler checks the permissions too). */
  webhooksOf(owner: string): Promise<WebhookRow[]>;
  getWebhook(id: string): Promise<WebhookRow | null>;
  /** 'exists': this message was queued for this endpoint before (a replayed event). */
  createDelivery(id: string, data: Record<string, unknown>, owner: string): Promise<DeliveryRow | 'exists'>;
  /** Pending deliveries whose next attempt is due, soonest first. */
  due(now: Date, limit?: number): Promise<DeliveryRow[]>;
  /** A compare-and-set on the row's `$updatedAt`: null when another execution got there first. */
  update(row: DeliveryRow, patch: DeliveryPatch): Promise<DeliveryRow | null>;
};

/** The webhook and delivery rows, through the function's key. */
export function createAppwriteDeliveries(services: Services, databaseId: string): WebhookDeliveries {
  const { tables } = services;
  const at = { databaseId };
  return {
    async webhooksOf(owner: string): Promise<WebhookRow[]> {
      const page = await tables.listRows({ ...at, tableId: webhookTables.webhooks, queries: [Query.equal('owner', owner), Query.limit(100)] });
      return page.rows.map((r) => WebhookRow.parse(r));
    },
    async getWebhook(id: string): Promise<WebhookRow | null> {
      try {
        return WebhookRow.parse(await tables.getRow({ ...at, tableId: webhookTables.webhooks, rowId: id }));
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    async createDelivery(id: string, data: Record<string, unknown>, owner: string): Promise<DeliveryRow | 'exists'> {
      try {
        // The owner reads its deliveries; only the function writes them.
        return DeliveryRow.parse(await tables.createRow({ ...at, tableId: webhookTables.deliveries, rowId: id, data, permissions: fileReadPermissions(owner) }));
      } catch (err) {
        if (isAlreadyExists(err)) return 'exists';
        throw err;
      }
    },
    async due(now: Date, limit = 50): Promise<DeliveryRow[]> {
      const page = await tables.listRows({
        ...at, tableId: webhookTables.deliveries,
        queries: [Query.equal('status', 'pending'), Query.lessThanEqual('next_attempt_at', now.toISOString()), Query.orderAsc('next_attempt_at'), Query.limit(limit)],
      });
      return page.rows.map((r) => DeliveryRow.parse(r));
    },
    async update(row: DeliveryRow, patch: DeliveryPatch): Promise<DeliveryRow | null> {
      try {
        return DeliveryRow.parse(await services.guarded(row.$updatedAt).updateRow({ ...at, tableId: webhookTables.deliveries, rowId: row.$id, data: patch }));
      } catch (err) {
        if (isUpdateConflict(err)) return null;
        throw err;
      }
    },
  };
}
