import { WebhookEvent } from '../../shared/src/webhooks/events.js';
import { parseWebhookUrl, WebhookUrlError } from '../../shared/src/webhooks/webhook-url.js';

export type NewWebhook = { url: string; events: WebhookEvent[] };

/** Checks an endpoint as typed; the message says what to fix. The address is judged when delivering. */
export function webhookInput(url: string, events: readonly string[]): { ok: true; value: NewWebhook } | { ok: false; message: string } {
  try {
    parseWebhookUrl(url.trim());
  } catch (err) {
    return { ok: false, message: err instanceof WebhookUrlError ? err.message : 'not a URL' };
  }
  const chosen = events.filter((e): e is WebhookEvent => WebhookEvent.safeParse(e).success);
  if (chosen.length === 0) return { ok: false, message: 'choose at least one event' };
  return { ok: true, value: { url: url.trim(), events: chosen } };
}

/** A Standard Webhooks secret: `whsec_` and base64 of 32 random bytes, made in this browser. */
export function newWebhookSecret(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}
