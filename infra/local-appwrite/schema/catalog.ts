import { AppwriteError } from '../core/errors.js';
import { formatDate } from '../store/ids.js';
import type { Db } from '../store/sqlite.js';
import type { AppwriteConfig, BucketDef, ColumnDef, IndexDef, TableDef } from './config.js';

// Databases, tables (with columns and indexes) and buckets, persisted in SQLite. Seeded from
// appwrite.json on every start (the file wins for what it names); the management API adds
// and changes more, and those survive restarts too.

export type Column = {
  key: string;
  type: 'string' | 'integer' | 'double' | 'boolean' | 'datetime' | 'relationship';
  format?: '' | 'email' | 'url' | 'ip' | 'enum' | 'datetime';
  status: 'available' | 'processing' | 'deleting' | 'stuck' | 'failed';
  error: string;
  required: boolean;
  array: boolean;
  size?: number;
  min?: number;
  max?: number;
  elements?: string[];
  default: unknown;
  encrypt?: boolean;
  $createdAt: string;
  $updatedAt: string;
};

export type Index = {
  $id: string;
  key: string;
  type: 'key' | 'unique' | 'fulltext' | 'spatial';
  status: 'available';
  error: string;
  columns: string[];
  lengths: (number | null)[];
  orders: (string | null)[];
  $createdAt: string;
  $updatedAt: string;
};

export type Table = {
  $id: string;
  $createdAt: string;
  $updatedAt: string;
  $permissions: string[];
  databaseId: string;
  name: string;
  enabled: boolean;
  rowSecurity: boolean;
  columns: Column[];
  indexes: Index[];
};

export type DatabaseModel = { $id: string; name: string; $createdAt: string; $updatedAt: string; enabled: boolean; type: string };

export type Bucket = {
  $id: string;
  $createdAt: string;
  $updatedAt: string;
  $permissions: string[];
  fileSecurity: boolean;
  name: string;
  enabled: boolean;
  maximumFileSize: number;
  allowedFileExtensions: string[];
  compression: string;
  encryption: boolean;
  antivirus: boolean;
};


/** Turns a column as appwrite.json or the management API spells it into the stored model. */
export function toColumn(def: ColumnDef, now = formatDate()): Column {
  const raw = def.type;
  let type: Column['type'];
  let format: Column['format'] = '';
  switch (raw) {
    case 'email': case 'url': case 'ip': case 'enum':
      type = 'string'; format = raw; break;
    case 'varchar': case 'text': case 'mediumtext': case 'longtext':
      type = 'string'; break;
    case 'float':
      type = 'double'; break;
    case 'point': case 'line': case 'polygon':
      throw new AppwriteError(400, 'column_type_invalid', `Column type ${raw} is not supported by the local stack.`);
    default:
      type = raw;
  }
  if (type === 'string' && def.format && ['email', 'url', 'ip', 'enum'].includes(def.format)) format = def.format as Column['format'];
  const column: Column = {
    key: def.key, type, status: 'available', error: '', required: def.required ?? false, array: def.array ?? false,
    default: def.default ?? null, $createdAt: now, $updatedAt: now,
  };
  // Only what the caller gave is stored (the appwrite CLI diffs these fields against
  // appwrite.json and recreates a column on any difference); validation supplies the limits.
  if (type === 'string') {
    column.format = format;
    // Appwrite's email/url/ip/enum column models carry no size; keep one only if given.
    if (format === '') column.size = def.size ?? (raw === 'text' ? 65535 : raw === 'mediumtext' ? 16777215 : raw === 'longtext' ? 4294967295 : 255);
    else if (def.size !== undefined) column.size = def.size;
    if (format === 'enum') column.elements = def.elements ?? [];
  }
  if ((type === 'integer' || type === 'double') && def.min !== undefined && def.min !== null) column.min = def.min;
  if ((type === 'integer' || type === 'double') && def.max !== undefined && def.max !== null) column.max = def.max;
  if (type === 'datetime') column.format = (def.format ?? '') as Column['format'];
  if (def.encrypt !== undefined) column.encrypt = Boolean(def.encrypt);
  return column;
}

export function toIndex(def: IndexDef, now = formatDate()): Index {
  const columns = def.columns ?? def.attributes ?? [];
  return {
    $id: def.key, key: def.key, type: def.type, status: 'available', error: '', columns,
    lengths: def.lengths ?? columns.map(() => null), orders: def.orders ?? columns.map(() => 'ASC'), $createdAt: now, $updatedAt: now,
  };
}

export function toTable(def: TableDef, now = formatDate()): Table {
  return {
    $id: def.$id, $createdAt: now, $updatedAt: now, $permissions: def.$permissions ?? [], databaseId: def.databaseId,
    name: def.name || def.$id, enabled: def.enabled ?? true, rowSecurity: def.rowSecurity ?? def.documentSecurity ?? false,
    columns: (def.columns ?? def.attributes ?? []).map((c) => toColumn(c, now)), indexes: (def.indexes ?? []).map((i) => toIndex(i, now)),
  };
}

export function toBucket(def: BucketDef, now = formatDate()): Bucket {
  return {
    $id: def.$id, $createdAt: now, $updatedAt: now, $permissions: def.$permissions ?? [], fileSecurity: def.fileSecurity ?? false,
    name: def.name || def.$id, enabled: def.enabled ?? true, maximumFileSize: def.maximumFileSize ?? 30_000_000,
    allowedFileExtensions: def.allowedFileExtensions ?? [], compression: def.compression ?? 'none',
    encryption: def.encryption ?? false, antivirus: def.antivirus ?? false,
  };
}

export class Catalog {
  private readonly tables = new Map<string, Table>();
  private readonly databases = new Map<string, DatabaseModel>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly db: Db) {
    for (const r of db.prepare<[], { json: string }>('SELECT json FROM meta_databases').all()) {
      const d = JSON.parse(r.json) as DatabaseModel;
      this.databases.set(d.$id, d);
    }
    for (const r of db.prepare<[], { json: string }>('SELECT json FROM meta_tables').all()) {
      const t = JSON.parse(r.json) as Table;
      this.tables.set(tableKey(t.databaseId, t.$id), t);
    }
    for (const r of db.prepare<[], { json: string }>('SELECT json FROM meta_buckets').all()) {
      const b = JSON.parse(r.json) as Bucket;
      this.buckets.set(b.$id, b);
    }
  }

  /** appwrite.json wins for what it names; timestamps of existing entries are kept. */
  seed(config: AppwriteConfig): void {
    this.db.transaction(() => {
      for (const d of [...config.tablesDB, ...config.databases]) {
        const old = this.databases.get(d.$id);
        const now = formatDate();
        this.saveDatabase({ $id: d.$id, name: d.name || d.$id, enabled: d.enabled ?? true, type: 'tablesdb', $createdAt: old?.$createdAt ?? now, $updatedAt: old?.$updatedAt ?? now });
      }
      for (const def of [...config.tables, ...config.collections]) {
        if (!this.databases.has(def.databaseId)) {
          const now = formatDate();
          this.saveDatabase({ $id: def.databaseId, name: def.databaseId, enabled: true, type: 'tablesdb', $createdAt: now, $updatedAt: now });
        }
        const old = this.tables.get(tableKey(def.databaseId, def.$id));
        const table = toTable(def, old?.$createdAt);
        if (old) {
          table.$updatedAt = old.$updatedAt;
          for (const c of table.columns) {
            const prev = old.columns.find((p) => p.key === c.key);
            if (prev) { c.$createdAt = prev.$createdAt; c.$updatedAt = prev.$updatedAt; }
          }
        }
        this.saveTable(table);
      }
      for (const def of config.buckets) {
        const old = this.buckets.get(def.$id);
        const bucket = toBucket(def, old?.$createdAt);
        if (old) bucket.$updatedAt = old.$updatedAt;
        this.saveBucket(bucket);
      }
    })();
  }

  listDatabases(): DatabaseModel[] { return [...this.databases.values()]; }
  getDatabase(id: string): DatabaseModel {
    const d = this.databases.get(id);
    if (!d) throw new AppwriteError(404, 'database_not_found', 'Database not found');
    return d;
  }
  saveDatabase(d: DatabaseModel): void {
    this.db.prepare('INSERT OR REPLACE INTO meta_databases (id, json) VALUES (?, ?)').run(d.$id, JSON.stringify(d));
    this.databases.set(d.$id, d);
  }
  deleteDatabase(id: string): void {
    this.getDatabase(id);
    for (const t of this.listTables(id)) this.deleteTable(id, t.$id);
    this.db.prepare('DELETE FROM meta_databases WHERE id = ?').run(id);
    this.databases.delete(id);
  }

  listTables(databaseId: string): Table[] {
    return [...this.tables.values()].filter((t) => t.databaseId === databaseId);
  }
  /** 404 database_not_found / table_not_found (collection_not_found on the legacy API). */
  getTable(databaseId: string, tableId: string, legacy = false): Table {
    this.getDatabase(databaseId);
    const t = this.tables.get(tableKey(databaseId, tableId));
    if (!t) {
      throw legacy
        ? new AppwriteError(404, 'collection_not_found', 'Collection with the requested ID could not be found.')
        : new AppwriteError(404, 'table_not_found', 'Table with the requested ID could not be found.');
    }
    return t;
  }
  hasTable(databaseId: string, tableId: string): boolean {
    return this.tables.has(tableKey(databaseId, tableId));
  }
  saveTable(t: Table): void {
    this.db.prepare('INSERT OR REPLACE INTO meta_tables (database_id, id, json) VALUES (?, ?, ?)').run(t.databaseId, t.$id, JSON.stringify(t));
    this.tables.set(tableKey(t.databaseId, t.$id), t);
  }
  deleteTable(databaseId: string, tableId: string): void {
    const key = tableKey(databaseId, tableId);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM meta_tables WHERE database_id = ? AND id = ?').run(databaseId, tableId);
      this.db.prepare('DELETE FROM rows WHERE tkey = ?').run(key);
      this.db.prepare('DELETE FROM table_sequences WHERE tkey = ?').run(key);
    })();
    this.tables.delete(key);
  }

  listBuckets(): Bucket[] { return [...this.buckets.values()]; }
  getBucket(id: string): Bucket {
    const b = this.buckets.get(id);
    if (!b) throw new AppwriteError(404, 'storage_bucket_not_found', 'Storage bucket with the requested ID could not be found.');
    return b;
  }
  hasBucket(id: string): boolean { return this.buckets.has(id); }
  saveBucket(b: Bucket): void {
    this.db.prepare('INSERT OR REPLACE INTO meta_buckets (id, json) VALUES (?, ?)').run(b.$id, JSON.stringify(b));
    this.buckets.set(b.$id, b);
  }
  deleteBucket(id: string): void {
    this.getBucket(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM meta_buckets WHERE id = ?').run(id);
      this.db.prepare('DELETE FROM files WHERE bucket = ?').run(id);
    })();
    this.buckets.delete(id);
  }
}

export function tableKey(databaseId: string, tableId: string): string {
  return `${databaseId}/${tableId}`;
}
