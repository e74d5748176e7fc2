import Database from 'better-sqlite3';

// One SQLite connection for the whole stack, WAL mode, synchronous statements: a write is
// committed (and visible to every later request) before its HTTP answer is sent, and Node's
// single thread serialises writers, so concurrent requests cannot interleave inside one.
export type Db = Database.Database;

export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL keeps every commit durable against process crashes (not power loss).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta_databases (id TEXT PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS meta_tables (database_id TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (database_id, id));
    CREATE TABLE IF NOT EXISTS meta_buckets (id TEXT PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS rows (
      tkey TEXT NOT NULL,
      id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      data TEXT NOT NULL,
      perms TEXT NOT NULL,
      created TEXT NOT NULL,
      updated TEXT NOT NULL,
      PRIMARY KEY (tkey, id)
    );
    CREATE INDEX IF NOT EXISTS rows_by_seq ON rows (tkey, seq);
    CREATE TABLE IF NOT EXISTS table_sequences (tkey TEXT PRIMARY KEY, last INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS files (
      bucket TEXT NOT NULL,
      id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      json TEXT NOT NULL,
      perms TEXT NOT NULL,
      chunks TEXT NOT NULL DEFAULT '[]',
      PRIMARY KEY (bucket, id)
    );
    CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT UNIQUE, json TEXT NOT NULL, password TEXT);
    CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, json TEXT NOT NULL, expire TEXT NOT NULL);
  `);
  return db;
}
