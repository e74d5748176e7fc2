import WebSocket from 'ws';
import { z } from 'zod';

/**
 * A Realtime subscription over `ws`, speaking the protocol of the web SDK 28 (which needs a
 * browser's `window` and `localStorage`, so it is not used here): connect to
 * `/v1/realtime?project=…`, wait for `connected`, authenticate with the session secret, send
 * `subscribe` with our own subscription id, then receive `event` messages that list it.
 */
export type RealtimeEvent = { events: string[]; channels: string[]; payload: Record<string, unknown> };

export type RealtimeOptions = {
  endpoint: string;
  projectId: string;
  channels: string[];
  sessionSecret?: string | undefined;
  onEvent: (event: RealtimeEvent) => void;
  /** The socket closed or failed after it was up; the caller decides how to carry on. */
  onDown: (reason: string) => void;
};

export type RealtimeHandle = { close(): void };

const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connected'), data: z.looseObject({ user: z.unknown().optional() }).optional() }),
  z.object({ type: z.literal('response'), data: z.looseObject({ to: z.string().optional() }).optional() }),
  z.object({ type: z.literal('pong'), data: z.unknown().optional() }),
  z.object({ type: z.literal('error'), data: z.looseObject({ message: z.string().optional(), code: z.number().optional() }) }),
  z.object({
    type: z.literal('event'),
    data: z.looseObject({
      events: z.array(z.string()).default([]),
      channels: z.array(z.string()).default([]),
      payload: z.record(z.string(), z.unknown()),
      subscriptions: z.array(z.string()).optional(),
    }),
  }),
]);

const SUBSCRIPTION_ID = 'cli-watch';
const HEARTBEAT_MS = 20_000;

/** Resolves once the server has acknowledged the subscription; rejects if it cannot get there. */
export function subscribeRealtime(options: RealtimeOptions, timeoutMs = 5_000): Promise<RealtimeHandle> {
  const url = `${options.endpoint.replace(/^http/, 'ws')}/realtime?project=${encodeURIComponent(options.projectId)}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let ready = false;
    let closedByUs = false;
    let heartbeat: NodeJS.Timeout | undefined;
    const fail = (reason: string) => {
      clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      if (!ready) {
        reject(new Error(reason));
      } else if (!closedByUs) {
        options.onDown(reason);
      }
    };
    const timer = setTimeout(() => {
      fail('no subscription acknowledgement within the timeout');
      socket.terminate();
    }, timeoutMs);
    const handle: RealtimeHandle = {
      close() {
        closedByUs = true;
        if (heartbeat) clearInterval(heartbeat);
        socket.close();
      },
    };

    socket.on('message', (raw) => {
      const parsed = Message.safeParse(safeJson(raw.toString()));
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case 'connected':
          if (options.sessionSecret && !message.data?.user) {
            socket.send(JSON.stringify({ type: 'authentication', data: { session: options.sessionSecret } }));
          }
          socket.send(JSON.stringify({ type: 'subscribe', data: [{ subscriptionId: SUBSCRIPTION_ID, channels: options.channels, queries: [] }] }));
          return;
        case 'response':
          // The authentication answer is a `response` too; wait for the one about our subscribe.
          if (!ready && (message.data?.to === undefined || message.data.to === 'subscribe')) {
            ready = true;
            clearTimeout(timer);
            heartbeat = setInterval(() => socket.send(JSON.stringify({ type: 'ping' })), HEARTBEAT_MS);
            heartbeat.unref();
            resolve(handle);
          }
          return;
        case 'event': {
          const { subscriptions, channels } = message.data;
          // Servers that list subscriptions name ours; older ones only list channels.
          const ours = subscriptions ? subscriptions.includes(SUBSCRIPTION_ID) : channels.some((c) => options.channels.includes(c));
          if (ours) options.onEvent({ events: message.data.events, channels, payload: message.data.payload });
          return;
        }
        case 'error':
          // An authentication error leaves the socket up as a guest; only a refused subscribe matters.
          if (!ready && message.data.code !== undefined && message.data.code >= 1000) fail(`Realtime error: ${message.data.message ?? message.data.code}`);
          return;
        case 'pong':
          return;
      }
    });
    socket.on('error', (err) => fail(err.message));
    socket.on('close', (code) => fail(`socket closed (${code})`));
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
