import { AppwriteException, Client, Functions, Storage, TablesDB, Tokens } from 'node-appwrite';

/** Where and as whom a function talks to Appwrite; the key arrives with each request. */
export type Connection = { endpoint: string; projectId: string; key: string };

export type Services = {
  tables: TablesDB;
  storage: Storage;
  /** File tokens: media URLs that open one file without a session (file-tokens.ts). */
  tokens: Tokens;
  functions: Functions;
  /**
   * A TablesDB whose writes carry `X-Appwrite-Timestamp`: Appwrite refuses them with 409
   * `row_update_conflict` when the row changed after `updatedAt`, which makes an update a
   * compare-and-set. The client headers are shared by every call, hence one client per guard.
   */
  guarded(updatedAt: string): TablesDB;
};

function client(conn: Connection): Client {
  return new Client().setEndpoint(conn.endpoint).setProject(conn.projectId).setKey(conn.key);
}

export function createServices(conn: Connection): Services {
  const shared = client(conn);
  return {
    tables: new TablesDB(shared),
    storage: new Storage(shared),
    tokens: new Tokens(shared),
    functions: new Functions(shared),
    guarded: (updatedAt) => new TablesDB(client(conn).addHeader('X-Appwrite-Timestamp', updatedAt)),
  };
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof AppwriteException && err.code === 409 && err.type !== 'row_update_conflict' && err.type !== 'document_update_conflict';
}

export function isUpdateConflict(err: unknown): boolean {
  return err instanceof AppwriteException && err.code === 409 && (err.type === 'row_update_conflict' || err.type === 'document_update_conflict');
}

/** The bucket's maximumFileSize (at most `_APP_STORAGE_LIMIT` on self-hosted Appwrite) refused the file. */
export function isFileTooLarge(err: unknown): boolean {
  return err instanceof AppwriteException && err.code === 400 && err.type === 'storage_invalid_file_size';
}

export function isNotFound(err: unknown): boolean {
  return err instanceof AppwriteException && err.code === 404;
}
