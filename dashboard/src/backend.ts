import { Account, Client, Realtime, Storage, TablesDB } from 'appwrite';
import type { DashboardConfig } from './config.js';

export const DATABASE_ID = 'studio';
export const TABLES = { videos: 'videos', scenes: 'scenes' } as const;
/** What the pipeline recorded for the user (read-only to them): results back a video's status. */
export const LEDGER_TABLE = 'ledger';
export const BUCKETS = { code: 'code', clips: 'clips', finals: 'finals', logs: 'logs', thumbnails: 'thumbnails' } as const;
export type BucketId = (typeof BUCKETS)[keyof typeof BUCKETS];

/** Every Appwrite service the dashboard talks to, built once from the config. */
export type Backend = {
  config: DashboardConfig;
  client: Client;
  account: Account;
  tables: TablesDB;
  storage: Storage;
  realtime: Realtime;
};

export function connect(config: DashboardConfig): Backend {
  const client = new Client().setEndpoint(config.endpoint).setProject(config.projectId);
  return {
    config,
    client,
    account: new Account(client),
    tables: new TablesDB(client),
    storage: new Storage(client),
    realtime: new Realtime(client),
  };
}

/**
 * A file's view URL built from its id and this browser's endpoint, with a file token when one
 * is given. Rows also store URLs, but those were written with the functions' endpoint, which a
 * browser may not reach.
 */
export function fileUrl(backend: Backend, bucketId: BucketId, fileId: string, token?: string): string {
  return backend.storage.getFileView({ bucketId, fileId, ...(token ? { token } : {}) });
}

export function downloadUrl(backend: Backend, bucketId: BucketId, fileId: string, token?: string): string {
  return backend.storage.getFileDownload({ bucketId, fileId, ...(token ? { token } : {}) });
}

/** Read a small text file (code, log) through the SDK, so its session headers apply. */
export async function readTextFile(backend: Backend, bucketId: BucketId, fileId: string): Promise<string> {
  const url = new URL(fileUrl(backend, bucketId, fileId));
  const body: unknown = await backend.client.call('get', url, {}, {}, 'arrayBuffer');
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  // A JSON answer (not expected for a text file) still shows as text.
  return typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : JSON.stringify(body);
}

/** The message a person should read from a failed SDK call. */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong talking to the server.';
}
