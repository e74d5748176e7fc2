import type { IncomingMessage, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import type { Auth, ResolveAuth } from '../core/auth.js';
import type { Change } from '../core/bus.js';
import { eventNames, generateEvents, realtimeChannels } from './event-names.js';
import { compileQueries, matchesQuery, RealtimeQueryError, type CompiledQuery } from './realtime-queries.js';

// Appwrite Realtime at `/v1/realtime?project=…`, speaking what the web SDK 28 speaks (1.9.5):
// the server greets with `connected` (channels, subscriptions, user); the client then sends
// `subscribe` with its own subscription ids, `unsubscribe`, `authentication` and `ping`.
// Every event lists the subscription ids it matched, or the `Realtime` class drops it.
// A change reaches a connection only when one of the connection's roles may read it.
//
// As 1.8.1 (app/realtime.php at that tag) it speaks the older protocol: channels only in the
// URL (none: error 1008 "Missing channels" and the socket is closed), only `ping` and
// `authentication` messages, no queries, no `tablesdb.…` channels, events without
// subscription ids. The web SDK 28 connects without channels, so there it never goes live.

export type RealtimeDeps = {
  server: Server;
  projectId: string;
  resolveAuth: ResolveAuth;
  /** the account JSON for `connected` / `authentication`; `{ $id }` when absent */
  account?: (userId: string) => Record<string, unknown> | null;
  /** which protocol to speak (see above); default 1.9 */
  era?: '1.8' | '1.9';
};

type Subscription = { channels: Set<string>; query: CompiledQuery; queryStrings: string[] };

type Connection = {
  socket: WebSocket;
  roles: string[];
  userId: string;
  subscriptions: Map<string, Subscription>;
};

/** Appwrite's realtime error codes (src/Appwrite/Extend/Exception.php). */
const POLICY_VIOLATION = 1008;
const MESSAGE_FORMAT_INVALID = 1003;

const SubscribeItem = z.object({
  subscriptionId: z.string().min(1).max(255).optional(),
  channels: z.array(z.string().min(1)).min(1),
  queries: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
});
const Incoming = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }).loose(),
  z.object({ type: z.literal('subscribe'), data: z.array(SubscribeItem) }),
  z.object({ type: z.literal('unsubscribe'), data: z.array(z.object({ subscriptionId: z.string() })) }),
  z.object({ type: z.literal('authentication'), data: z.object({ session: z.string().min(1).max(2048) }) }),
]);

class RealtimeFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class RealtimeHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

  private readonly era: '1.8' | '1.9';

  constructor(private readonly deps: RealtimeDeps) {
    this.era = deps.era ?? '1.9';
    this.onUpgrade = (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.replace(/\/+$/, '') !== '/v1/realtime') {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, url));
    };
    deps.server.on('upgrade', this.onUpgrade);
  }

  /** Number of open connections (for tests and the bench). */
  get size(): number {
    return this.connections.size;
  }

  close(): void {
    this.deps.server.off('upgrade', this.onUpgrade);
    for (const c of this.connections) c.socket.terminate();
    this.connections.clear();
    this.wss.close();
  }

  /** Publishes one committed change to every connection that subscribed to it and may read it. */
  publish(change: Change): void {
    this.send({ channels: realtimeChannels(change, this.era), events: () => eventNames(change, 'realtime'), payload: change.payload, readRoles: change.readRoles });
  }

  /**
   * Publishes an execution's create or update, as Appwrite does for executions someone may
   * read (those a user started): on `executions`, `executions.<id>`, `functions.<functionId>`.
   */
  publishExecution(execution: Record<string, unknown>, action: 'create' | 'update'): void {
    const readRoles = readRolesOf(execution.$permissions);
    if (readRoles.length === 0) return;
    const id = String(execution.$id);
    const functionId = String(execution.functionId);
    const base = ['executions', `executions.${id}`, `functions.${functionId}`];
    this.send({
      channels: this.era === '1.8' ? base : [...base, ...base.map((c) => `${c}.${action}`)],
      events: () => generateEvents(`functions.[functionId].executions.[executionId].${action}`, { functionId, executionId: id }),
      payload: execution,
      readRoles,
    });
  }

  private send(message: { channels: string[]; events: () => string[]; payload: Record<string, unknown>; readRoles: string[] }): void {
    if (this.connections.size === 0 || message.readRoles.length === 0) return;
    const readers = new Set(message.readRoles);
    let base: string | undefined;
    for (const connection of this.connections) {
      if (!readers.has('any') && !connection.roles.some((r) => readers.has(r))) continue;
      const matched: string[] = [];
      for (const [id, sub] of connection.subscriptions) {
        if (!message.channels.some((c) => sub.channels.has(c))) continue;
        if (matchesQuery(sub.query, message.payload)) matched.push(id);
      }
      if (matched.length === 0) continue;
      // Build the message once; only the subscription ids differ between connections.
      base ??= JSON.stringify({ events: message.events(), channels: message.channels, timestamp: appwriteNow(), payload: message.payload }).slice(0, -1);
      connection.socket.send(this.era === '1.8' ? `{"type":"event","data":${base}}}` : `{"type":"event","data":${base},"subscriptions":${JSON.stringify(matched)}}}`);
    }
  }

  private accept(socket: WebSocket, req: IncomingMessage, url: URL): void {
    const project = url.searchParams.get('project');
    if (!project || project !== this.deps.projectId) {
      sendJson(socket, { type: 'error', data: { code: POLICY_VIOLATION, message: project ? 'Project not found' : 'Missing or unknown project ID' } });
      socket.close(POLICY_VIOLATION);
      return;
    }
    const auth = this.deps.resolveAuth(req.headers);
    const connection: Connection = { socket, subscriptions: new Map(), ...identity(auth) };
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', () => this.connections.delete(connection));
    socket.on('message', (raw) => this.onMessage(connection, raw));

    // URL mode (older SDKs): `channels[]=…`, with optional per-channel queries under the
    // channel name with dots turned into underscores.
    const names = url.searchParams.getAll('channels[]').concat(url.searchParams.getAll('channels'));
    if (this.era === '1.8' && names.length === 0) {
      this.fail(connection, new RealtimeFailure(POLICY_VIOLATION, 'Missing channels'));
      return;
    }
    const mapping: Record<string, string> = {};
    if (names.length > 0) {
      try {
        const queries = this.era === '1.8' ? [] : names.flatMap((name) => url.searchParams.getAll(`${name.replace(/\./g, '_')}[]`));
        const id = uniqueId();
        this.subscribe(connection, id, names, queries);
        mapping['0'] = id;
      } catch (err) {
        this.fail(connection, err);
        return;
      }
    }
    const user = this.user(connection);
    sendJson(socket, { type: 'connected', data: this.era === '1.8' ? { channels: names, user } : { channels: names, subscriptions: mapping, user } });
  }

  private onMessage(connection: Connection, raw: RawData): void {
    try {
      let json: unknown;
      try {
        json = JSON.parse(raw.toString());
      } catch {
        throw new RealtimeFailure(MESSAGE_FORMAT_INVALID, 'Message format is not valid.');
      }
      const parsed = Incoming.safeParse(json);
      if (!parsed.success) throw new RealtimeFailure(MESSAGE_FORMAT_INVALID, 'Message format is not valid.');
      const message = parsed.data;
      if (this.era === '1.8' && (message.type === 'subscribe' || message.type === 'unsubscribe')) {
        throw new RealtimeFailure(MESSAGE_FORMAT_INVALID, 'Message type is not valid.');
      }
      switch (message.type) {
        case 'ping':
          sendJson(connection.socket, { type: 'pong' });
          return;
        case 'subscribe': {
          const results = message.data.map((item) => {
            const id = item.subscriptionId ?? uniqueId();
            const sub = this.subscribe(connection, id, item.channels, item.queries ?? []);
            return { subscriptionId: id, channels: [...sub.channels], queries: sub.queryStrings };
          });
          sendJson(connection.socket, { type: 'response', data: { to: 'subscribe', success: true, subscriptions: results } });
          return;
        }
        case 'unsubscribe': {
          const results = message.data.map(({ subscriptionId }) => ({ subscriptionId, removed: connection.subscriptions.delete(subscriptionId) }));
          sendJson(connection.socket, { type: 'response', data: { to: 'unsubscribe', success: true, subscriptions: results } });
          return;
        }
        case 'authentication': {
          const auth = this.deps.resolveAuth({ 'x-appwrite-session': message.data.session });
          if (auth.kind !== 'user') throw new RealtimeFailure(MESSAGE_FORMAT_INVALID, 'Session is not valid.');
          const previous = connection.userId;
          Object.assign(connection, identity(auth));
          for (const sub of connection.subscriptions.values()) sub.channels = new Set(rebindAccount([...sub.channels], previous, connection.userId));
          sendJson(connection.socket, { type: 'response', data: { to: 'authentication', success: true, user: this.user(connection) } });
          return;
        }
      }
    } catch (err) {
      this.fail(connection, err);
    }
  }

  private subscribe(connection: Connection, id: string, channels: string[], queries: unknown[]): Subscription {
    let query: CompiledQuery;
    try {
      query = compileQueries(queries);
    } catch (err) {
      if (err instanceof RealtimeQueryError) throw new RealtimeFailure(MESSAGE_FORMAT_INVALID, `Invalid query: ${err.message}`);
      throw err;
    }
    const sub: Subscription = {
      channels: new Set(convertChannels(channels, connection.userId)),
      query,
      queryStrings: queries.map((q) => (typeof q === 'string' ? q : JSON.stringify(q))),
    };
    connection.subscriptions.set(id, sub);
    return sub;
  }

  private fail(connection: Connection, err: unknown): void {
    const failure = err instanceof RealtimeFailure ? err : new RealtimeFailure(500, 'Error: Server Error');
    if (!(err instanceof RealtimeFailure)) console.error('realtime.failed', err instanceof Error ? err.message : String(err));
    sendJson(connection.socket, { type: 'error', data: { code: failure.code, message: failure.message } });
    if (failure.code === POLICY_VIOLATION) connection.socket.close(POLICY_VIOLATION);
  }

  private user(connection: Connection): Record<string, unknown> | null {
    if (!connection.userId) return null;
    return this.deps.account?.(connection.userId) ?? { $id: connection.userId };
  }
}

/** `read("user:x")` → `user:x`, the roles a permission list lets read. */
function readRolesOf(permissions: unknown): string[] {
  if (!Array.isArray(permissions)) return [];
  return permissions.flatMap((p) => {
    const match = typeof p === 'string' ? /^read\("([^"]+)"\)$/.exec(p) : null;
    return match?.[1] ? [match[1]] : [];
  });
}

function identity(auth: Auth): { roles: string[]; userId: string } {
  if (auth.kind === 'user') return { roles: auth.roles, userId: auth.userId };
  if (auth.kind === 'guest') return { roles: auth.roles, userId: '' };
  // A key on a socket is not something Appwrite supports; treat it as a guest.
  return { roles: ['any', 'guests'], userId: '' };
}

const ACTIONS = ['create', 'update', 'upsert', 'delete'];

/** `account` becomes `account.<userId>`; other `account.*` channels are dropped (Appwrite's convertChannels). */
function convertChannels(channels: string[], userId: string): string[] {
  const out = new Set<string>();
  for (const channel of channels) {
    if (channel === 'account') {
      out.add(channel);
      if (userId) out.add(`account.${userId}`);
    } else if (channel.startsWith('account.') && ACTIONS.includes(channel.slice('account.'.length))) {
      out.add(userId ? `account.${userId}.${channel.slice('account.'.length)}` : channel);
    } else if (!channel.startsWith('account.')) {
      out.add(channel);
    }
  }
  return [...out];
}

function rebindAccount(channels: string[], oldUserId: string, newUserId: string): string[] {
  if (!newUserId || oldUserId === newUserId) return channels;
  return channels.map((channel) => {
    if (!channel.startsWith('account.')) return channel;
    const rest = channel.slice('account.'.length);
    if (!oldUserId) return ACTIONS.includes(rest) ? `account.${newUserId}.${rest}` : channel;
    if (channel === `account.${oldUserId}`) return `account.${newUserId}`;
    if (rest.startsWith(`${oldUserId}.`)) return `account.${newUserId}.${rest.slice(oldUserId.length + 1)}`;
    return channel;
  });
}

function sendJson(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** Appwrite's id shape: 13 hex digits of time plus random hex. */
function uniqueId(): string {
  return Date.now().toString(16).padStart(11, '0') + randomBytes(3).toString('hex').slice(0, 5);
}

/** `YYYY-MM-DDTHH:mm:ss.SSS+00:00`, as Appwrite formats dates. */
export function appwriteNow(): string {
  return new Date().toISOString().replace('Z', '+00:00');
}
