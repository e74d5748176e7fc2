import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isPrivateAddress } from './address-guard.js';
import { parseWebhookUrl } from './webhook-url.js';

/** `final`: retrying cannot help (the URL or its address is refused), so the delivery ends now. */
export type Attempt = { ok: true; status: number } | { ok: false; status: number | null; error: string; final?: boolean };

const ADDRESS_REFUSED = 'EWEBHOOKADDRESS';

export type SendInput = {
  url: string;
  secret: string;
  /** The `webhook-id`: one per message, the same on every retry so receivers can de-duplicate. */
  messageId: string;
  body: string;
  now: Date;
  allowPrivate: boolean;
  timeoutMs?: number;
};

/** The Standard Webhooks headers for one attempt (a fresh timestamp each time, the same id). */
export function signedHeaders(secret: string, messageId: string, body: string, now: Date): Record<string, string> {
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': new Webhook(secret).sign(messageId, timestamp, body),
  };
}

function refusal(host: string, address: string): string {
  return `${host === address ? 'the URL names' : `${host} resolves to`} ${address}, a private, loopback or link-local address (set WEBHOOK_ALLOW_PRIVATE=1 to allow it in development)`;
}

/**
 * The resolver the request connects with: every address the name has is checked, and the
 * connection goes to a checked one, so the name cannot point elsewhere between check and use.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused || addresses.length === 0) {
        const reason = refused ? refusal(hostname, refused.address) : `${hostname} has no address`;
        return callback(Object.assign(new Error(reason), { code: ADDRESS_REFUSED }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * One delivery attempt: POST the JSON body, signed, to the endpoint. Redirects are not
 * followed (a redirect could lead anywhere, past the address check), and count as a failed
 * attempt. Only a 2xx answer is a delivery.
 */
export async function sendWebhook(input: SendInput): Promise<Attempt> {
  let url: URL;
  try {
    url = parseWebhookUrl(input.url);
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message, final: true };
  }
  // Node connects to an address literal without asking the resolver: check it here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !input.allowPrivate && isPrivateAddress(literal)) return { ok: false, status: null, error: refusal(literal, literal), final: true };
  const headers = { 'content-type': 'application/json', 'user-agent': 'explainer-webhooks/1', ...signedHeaders(input.secret, input.messageId, input.body, input.now) };
  const options: RequestOptions = { method: 'POST', headers, lookup: guardedLookup(input.allowPrivate), timeout: input.timeoutMs ?? 10_000 };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Attempt>((resolve) => {
    const req = request(url, options, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => {
        if (status >= 200 && status < 300) resolve({ ok: true, status });
        else if (status >= 300 && status < 400) resolve({ ok: false, status, error: `answered ${status} (a redirect, not followed: register the final URL)` });
        else resolve({ ok: false, status, error: `answered ${status}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeout} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, status: null, error: err.message.slice(0, 300), ...(err.code === ADDRESS_REFUSED ? { final: true } : {}) }));
    req.end(input.body);
  });
}
