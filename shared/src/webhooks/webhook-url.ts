/** Webhook URLs as users give them; no Node imports, so the dashboard checks the same way. */
export class WebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlError';
  }
}

/** Parses a webhook URL and refuses what can never be delivered to (the address check is at connect time). */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError(`"${raw.slice(0, 200)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookUrlError(`only http and https webhook URLs are delivered to, not ${url.protocol}`);
  if (url.username || url.password) throw new WebhookUrlError('a webhook URL must not carry a user name or password');
  return url;
}
