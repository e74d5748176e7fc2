import { createHash } from 'node:crypto';
import type { Auth } from '../core/auth.js';
import type { ChangeBus } from '../core/bus.js';
import { AppwriteError } from '../core/errors.js';
import { defaultPermissions, grants, normalisePermissions, readRolesOf, type Action } from '../core/permissions.js';
import { tableKey, type Catalog, type Table } from '../schema/catalog.js';
import { formatDate, resolveId } from '../store/ids.js';
import type { Db } from '../store/sqlite.js';
import { compileQueries, parseQueries, queryInvalid } from './queries.js';
import { selectRows } from './select-rows.js';
import { stripSystemKeys, structureError, validateRow, type RowData } from './validate.js';

// Rows of every table, in one SQLite table (`rows`): system fields as columns, user columns
// as JSON. Every write is one synchronous transaction; its Change is emitted after commit.
// `legacy` switches names and error types to the Databases API (collections/documents).

export type StoredRow = { id: string; seq: number; data: string; perms: string; created: string; updated: string };
export type RowJson = Record<string, unknown> & { $id: string; $createdAt: string; $updatedAt: string };
type Names = { noun: string; prefix: 'row' | 'document'; tableKey: '$tableId' | '$collectionId' };
const NAMES = { row: { noun: 'Row', prefix: 'row', tableKey: '$tableId' }, document: { noun: 'Document', prefix: 'document', tableKey: '$collectionId' } } as const;
const names = (legacy: boolean): Names => (legacy ? NAMES.document : NAMES.row);

export type WriteInput = { rowId?: unknown; data?: unknown; permissions?: unknown };

export class Rows {
  private readonly stmt;

  constructor(private readonly db: Db, private readonly catalog: Catalog, private readonly bus: ChangeBus) {
    db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
      if (typeof value !== 'string' || typeof pattern !== 'string') return 0;
      try { return new RegExp(pattern).test(value) ? 1 : 0; } catch { return 0; }
    });
    this.stmt = {
      get: db.prepare<[string, string], StoredRow>('SELECT id, seq, data, perms, created, updated FROM rows WHERE tkey = ? AND id = ?'),
      nextSeq: db.prepare<[string], { last: number }>('INSERT INTO table_sequences (tkey, last) VALUES (?, 1) ON CONFLICT(tkey) DO UPDATE SET last = last + 1 RETURNING last'),
      insert: db.prepare('INSERT INTO rows (tkey, id, seq, data, perms, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE rows SET data = ?, perms = ?, updated = ? WHERE tkey = ? AND id = ?'),
      delete: db.prepare('DELETE FROM rows WHERE tkey = ? AND id = ?'),
    };
  }

  // ---- single-row calls -------------------------------------------------------------

  create(auth: Auth, databaseId: string, tableId: string, input: WriteInput, legacy: boolean): RowJson {
    const table = this.table(auth, databaseId, tableId, legacy);
    this.authorizeTable(auth, table, 'create', 'rows.write');
    const row = this.prepareCreate(auth, table, input, legacy);
    const json = this.db.transaction(() => this.insert(table, row, legacy))();
    this.emit('create', table, json, row.perms);
    return json;
  }

  get(auth: Auth, databaseId: string, tableId: string, rowId: string, rawQueries: unknown, legacy: boolean): RowJson {
    const table = this.table(auth, databaseId, tableId, legacy);
    this.requireKeyScope(auth, 'rows.read');
    const stored = this.stmt.get.get(tableKey(databaseId, tableId), rowId);
    if (!stored || !this.canRead(auth, table, JSON.parse(stored.perms) as string[])) throw this.notFound(legacy);
    const plan = compileQueries(table, parseQueries(rawQueries));
    return this.toJson(table, stored, legacy, plan.select);
  }

  list(auth: Auth, databaseId: string, tableId: string, rawQueries: unknown, withTotal: boolean, legacy: boolean): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId, legacy);
    this.requireKeyScope(auth, 'rows.read');
    const plan = compileQueries(table, parseQueries(rawQueries));
    const found = selectRows(this.db, auth, table, plan);
    const items = found.rows.map((r) => this.toJson(table, r, legacy, plan.select));
    return { total: withTotal ? found.total : 0, [legacy ? 'documents' : 'rows']: items };
  }

  update(auth: Auth, databaseId: string, tableId: string, rowId: string, input: WriteInput, ifNotNewerThan: string | undefined, legacy: boolean): RowJson {
    const table = this.table(auth, databaseId, tableId, legacy);
    const stored = this.mustGet(table, rowId, legacy);
    this.authorizeRow(auth, table, stored, 'update');
    this.checkTimestamp(stored, ifNotNewerThan, legacy);
    const next = this.prepareUpdate(auth, table, stored, input, legacy);
    const json = this.db.transaction(() => this.write(table, stored, next, legacy))();
    this.emit('update', table, json, next.perms);
    return json;
  }

  upsert(auth: Auth, databaseId: string, tableId: string, rowId: string, input: WriteInput, ifNotNewerThan: string | undefined, legacy: boolean): RowJson {
    const table = this.table(auth, databaseId, tableId, legacy);
    const stored = this.stmt.get.get(tableKey(databaseId, tableId), rowId);
    if (!stored) return this.create(auth, databaseId, tableId, { ...input, rowId }, legacy);
    return this.update(auth, databaseId, tableId, rowId, input, ifNotNewerThan, legacy);
  }

  delete(auth: Auth, databaseId: string, tableId: string, rowId: string, ifNotNewerThan: string | undefined, legacy: boolean): void {
    const table = this.table(auth, databaseId, tableId, legacy);
    const stored = this.mustGet(table, rowId, legacy);
    this.authorizeRow(auth, table, stored, 'delete');
    this.checkTimestamp(stored, ifNotNewerThan, legacy);
    const json = this.toJson(table, stored, legacy, null);
    this.stmt.delete.run(tableKey(table.databaseId, table.$id), rowId);
    this.emit('delete', table, json, JSON.parse(stored.perms) as string[]);
  }

  /** increment (delta > 0, bound = max) and decrement (delta < 0, bound = min). */
  increment(auth: Auth, databaseId: string, tableId: string, rowId: string, columnKey: string, delta: number, bound: number | null, legacy: boolean): RowJson {
    const table = this.table(auth, databaseId, tableId, legacy);
    const stored = this.mustGet(table, rowId, legacy);
    this.authorizeRow(auth, table, stored, 'update');
    const column = table.columns.find((c) => c.key === columnKey);
    const noun = legacy ? 'Attribute' : 'Column';
    if (!column) throw new AppwriteError(404, legacy ? 'attribute_not_found' : 'column_not_found', `${noun} with the requested key could not be found.`);
    if ((column.type !== 'integer' && column.type !== 'double') || column.array) {
      throw new AppwriteError(400, legacy ? 'attribute_type_invalid' : 'column_type_invalid', `${noun} "${columnKey}" is not a number`);
    }
    if (!Number.isFinite(delta)) throw new AppwriteError(400, 'general_argument_invalid', 'Invalid `value` param: Value must be a valid number');
    const data = JSON.parse(stored.data) as RowData;
    const current = typeof data[columnKey] === 'number' ? (data[columnKey] as number) : 0;
    const nextValue = current + delta;
    if (bound !== null && (delta >= 0 ? nextValue > bound : nextValue < bound)) {
      throw new AppwriteError(400, legacy ? 'attribute_limit_exceeded' : 'column_limit_exceeded', `${noun} "${columnKey}" has reached the ${delta >= 0 ? 'maximum' : 'minimum'} value of ${bound}`);
    }
    const next = { data: { ...data, [columnKey]: nextValue }, perms: JSON.parse(stored.perms) as string[] };
    const json = this.db.transaction(() => this.write(table, stored, next, legacy))();
    this.emit('update', table, json, next.perms);
    return json;
  }

  // ---- bulk calls (API key only, as on Appwrite) ---------------------------------------

  createMany(auth: Auth, databaseId: string, tableId: string, items: unknown, legacy: boolean): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId, legacy);
    this.requireKey(auth, 'rows.write');
    const rows = bulkItems(items, legacy).map((item) => this.prepareCreate(auth, table, splitBulkItem(item), legacy));
    const out = this.db.transaction(() => rows.map((r) => this.insert(table, r, legacy)))();
    out.forEach((json, i) => this.emit('create', table, json, rows[i]!.perms));
    return { total: out.length, [legacy ? 'documents' : 'rows']: out };
  }

  upsertMany(auth: Auth, databaseId: string, tableId: string, items: unknown, legacy: boolean): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId, legacy);
    this.requireKey(auth, 'rows.write');
    const key = tableKey(databaseId, tableId);
    const plans = bulkItems(items, legacy).map((item) => {
      const input = splitBulkItem(item);
      const id = typeof input.rowId === 'string' ? input.rowId : undefined;
      const stored = id ? this.stmt.get.get(key, id) : undefined;
      return stored
        ? { kind: 'update' as const, stored, next: this.prepareUpdate(auth, table, stored, input, legacy) }
        : { kind: 'create' as const, row: this.prepareCreate(auth, table, input, legacy) };
    });
    const out = this.db.transaction(() =>
      plans.map((p) => (p.kind === 'create' ? this.insert(table, p.row, legacy) : this.write(table, p.stored, p.next, legacy))),
    )();
    out.forEach((json, i) => {
      const p = plans[i]!;
      this.emit(p.kind, table, json, p.kind === 'create' ? p.row.perms : p.next.perms);
    });
    return { total: out.length, [legacy ? 'documents' : 'rows']: out };
  }

  updateMany(auth: Auth, databaseId: string, tableId: string, data: unknown, rawQueries: unknown, legacy: boolean): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId, legacy);
    this.requireKey(auth, 'rows.write');
    const plan = compileQueries(table, parseQueries(rawQueries));
    plan.limit = Math.max(plan.limit, 5000);
    const matched = selectRows(this.db, auth, table, plan).rows;
    const changes = matched.map((stored) => ({ stored, next: this.prepareUpdate(auth, table, stored, { data: data ?? {} }, legacy) }));
    const out = this.db.transaction(() => changes.map((c) => this.write(table, c.stored, c.next, legacy)))();
    out.forEach((json, i) => this.emit('update', table, json, changes[i]!.next.perms));
    return { total: out.length, [legacy ? 'documents' : 'rows']: out };
  }

  deleteMany(auth: Auth, databaseId: string, tableId: string, rawQueries: unknown, legacy: boolean): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId, legacy);
    this.requireKey(auth, 'rows.write');
    const plan = compileQueries(table, parseQueries(rawQueries));
    plan.limit = Math.max(plan.limit, 5000);
    const matched = selectRows(this.db, auth, table, plan).rows;
    const key = tableKey(databaseId, tableId);
    const out = matched.map((r) => this.toJson(table, r, legacy, null));
    this.db.transaction(() => matched.forEach((r) => this.stmt.delete.run(key, r.id)))();
    out.forEach((json, i) => this.emit('delete', table, json, JSON.parse(matched[i]!.perms) as string[]));
    return { total: out.length, [legacy ? 'documents' : 'rows']: out };
  }

  // ---- internals ---------------------------------------------------------------------

  // Each declared index becomes an SQLite expression index over the JSON columns, so
  // filters such as `equal('video_id', …)` stop scanning the whole table.
  private readonly indexed = new Map<string, string>();
  private ensureSqlIndexes(table: Table): void {
    const key = tableKey(table.databaseId, table.$id);
    const signature = JSON.stringify(table.indexes.map((i) => i.columns));
    if (this.indexed.get(key) === signature) return;
    for (const index of table.indexes) {
      const columns = index.columns.filter((c) => /^[A-Za-z0-9_]+$/.test(c));
      if (columns.length === 0 || columns.length !== index.columns.length || index.type === 'fulltext') continue;
      const name = `rx_${createHash('sha1').update(columns.join(',')).digest('hex').slice(0, 16)}`;
      const exprs = columns.map((c) => `json_extract(data, '$."${c}"')`).join(', ');
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON rows (tkey, ${exprs})`);
    }
    this.indexed.set(key, signature);
  }

  /** A disabled database or table is invisible to everyone but API keys, as on Appwrite. */
  private table(auth: Auth, databaseId: string, tableId: string, legacy: boolean): Table {
    const table = this.catalog.getTable(databaseId, tableId, legacy);
    this.ensureSqlIndexes(table);
    if (auth.kind !== 'key' && (!table.enabled || !this.catalog.getDatabase(databaseId).enabled)) {
      throw legacy
        ? new AppwriteError(404, 'collection_not_found', 'Collection with the requested ID could not be found.')
        : new AppwriteError(404, 'table_not_found', 'Table with the requested ID could not be found.');
    }
    return table;
  }

  private prepareCreate(auth: Auth, table: Table, input: WriteInput, legacy: boolean): { id: string; data: RowData; perms: string[] } {
    const id = resolveId(input.rowId, legacy ? 'documentId' : 'rowId');
    const raw = parseData(input.data, legacy);
    const perms = input.permissions === undefined || input.permissions === null ? defaultPermissions(auth) : normalisePermissions(input.permissions, auth);
    return { id, data: validateRow(table, stripSystemKeys(raw), legacy, true), perms };
  }

  private prepareUpdate(auth: Auth, table: Table, stored: StoredRow, input: WriteInput, legacy: boolean): { data: RowData; perms: string[] } {
    // Columns deleted since the row was written are dropped, new ones start at their default.
    const saved = JSON.parse(stored.data) as RowData;
    const current: RowData = {};
    for (const c of table.columns) current[c.key] = saved[c.key] !== undefined ? saved[c.key] : (c.default ?? null);
    const patch = input.data === undefined || input.data === null ? {} : parseData(input.data, legacy);
    const perms = input.permissions === undefined || input.permissions === null ? (JSON.parse(stored.perms) as string[]) : normalisePermissions(input.permissions, auth);
    return { data: validateRow(table, { ...current, ...stripSystemKeys(patch) }, legacy, false), perms };
  }

  private insert(table: Table, row: { id: string; data: RowData; perms: string[] }, legacy: boolean): RowJson {
    const key = tableKey(table.databaseId, table.$id);
    this.checkUnique(table, row.id, row.data, legacy);
    const seq = this.stmt.nextSeq.get(key)!.last;
    const now = formatDate();
    try {
      this.stmt.insert.run(key, row.id, seq, JSON.stringify(row.data), JSON.stringify(row.perms), now, now);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw this.duplicate(legacy);
      throw err;
    }
    return this.toJson(table, { id: row.id, seq, data: JSON.stringify(row.data), perms: JSON.stringify(row.perms), created: now, updated: now }, legacy, null);
  }

  private write(table: Table, stored: StoredRow, next: { data: RowData; perms: string[] }, legacy: boolean): RowJson {
    this.checkUnique(table, stored.id, next.data, legacy);
    // $updatedAt only moves forward, so X-Appwrite-Timestamp comparisons see every write.
    const previous = Date.parse(stored.updated);
    const updated = formatDate(new Date(Math.max(Date.now(), previous + 1)));
    const data = JSON.stringify(next.data);
    const perms = JSON.stringify(next.perms);
    this.stmt.update.run(data, perms, updated, tableKey(table.databaseId, table.$id), stored.id);
    return this.toJson(table, { ...stored, data, perms, updated }, legacy, null);
  }

  private checkUnique(table: Table, id: string, data: RowData, legacy: boolean): void {
    for (const index of table.indexes) {
      if (index.type !== 'unique') continue;
      const conds = index.columns.map((c) => `json_extract(data, '$."${c}"') IS ?`).join(' AND ');
      const values = index.columns.map((c) => { const v = data[c]; return typeof v === 'boolean' ? (v ? 1 : 0) : v ?? null; });
      const clash = this.db.prepare(`SELECT 1 FROM rows WHERE tkey = ? AND id != ? AND ${conds} LIMIT 1`).get(tableKey(table.databaseId, table.$id), id, ...values);
      if (clash) throw this.duplicate(legacy);
    }
  }

  private toJson(table: Table, r: StoredRow, legacy: boolean, select: string[] | null): RowJson {
    const n = names(legacy);
    const data = JSON.parse(r.data) as RowData;
    const out: RowJson = {
      $id: r.id, $sequence: String(r.seq), [n.tableKey]: table.$id, $databaseId: table.databaseId,
      $createdAt: r.created, $updatedAt: r.updated, $permissions: JSON.parse(r.perms) as string[],
    };
    const keep = select && !select.includes('*') ? new Set(select) : null;
    for (const column of table.columns) {
      if (keep && !keep.has(column.key)) continue;
      out[column.key] = data[column.key] !== undefined ? data[column.key] : (column.default ?? null);
    }
    return out;
  }

  private emit(action: 'create' | 'update' | 'delete', table: Table, json: RowJson, perms: string[]): void {
    const readRoles = new Set(readRolesOf(table.$permissions));
    if (table.rowSecurity) for (const r of readRolesOf(perms)) readRoles.add(r);
    const payload = { ...json };
    if ('$collectionId' in payload) {
      delete payload.$collectionId;
      payload.$tableId = table.$id;
    }
    this.bus.emit({ resource: 'row', action, databaseId: table.databaseId, tableId: table.$id, id: json.$id, payload, readRoles: [...readRoles] });
  }

  private mustGet(table: Table, rowId: string, legacy: boolean): StoredRow {
    const stored = this.stmt.get.get(tableKey(table.databaseId, table.$id), rowId);
    if (!stored) throw this.notFound(legacy);
    return stored;
  }

  private canRead(auth: Auth, table: Table, perms: string[]): boolean {
    if (auth.kind === 'key') return true;
    return grants(table.$permissions, 'read', auth.roles) || (table.rowSecurity && grants(perms, 'read', auth.roles));
  }

  private authorizeTable(auth: Auth, table: Table, action: Action, scope: string): void {
    if (auth.kind === 'key') return this.requireKeyScope(auth, scope);
    if (!grants(table.$permissions, action, auth.roles)) throw unauthorized();
  }

  private authorizeRow(auth: Auth, table: Table, stored: StoredRow, action: Action): void {
    if (auth.kind === 'key') return this.requireKeyScope(auth, 'rows.write');
    if (grants(table.$permissions, action, auth.roles)) return;
    if (table.rowSecurity && grants(JSON.parse(stored.perms) as string[], action, auth.roles)) return;
    throw unauthorized();
  }

  private requireKeyScope(auth: Auth, scope: string): void {
    if (auth.kind !== 'key') return;
    const alias = scope.replace('rows.', 'documents.');
    if (!auth.scopes.includes(scope) && !auth.scopes.includes(alias)) {
      throw new AppwriteError(401, 'general_unauthorized_scope', `app (role: applications) missing scopes (["${scope}"])`);
    }
  }

  private requireKey(auth: Auth, scope: string): void {
    if (auth.kind !== 'key') throw new AppwriteError(401, 'general_unauthorized_scope', `${auth.kind === 'user' ? 'User (role: users)' : 'User (role: guests)'} missing scopes (["${scope}"])`);
    this.requireKeyScope(auth, scope);
  }

  private checkTimestamp(stored: StoredRow, ifNotNewerThan: string | undefined, legacy: boolean): void {
    if (!ifNotNewerThan) return;
    const limit = Date.parse(ifNotNewerThan);
    if (Number.isNaN(limit)) throw new AppwriteError(400, 'general_argument_invalid', 'Invalid X-Appwrite-Timestamp header value');
    if (Date.parse(stored.updated) > limit) {
      throw new AppwriteError(409, `${names(legacy).prefix}_update_conflict`, `Remote ${names(legacy).prefix} is newer than local.`);
    }
  }

  private notFound(legacy: boolean): AppwriteError {
    const n = names(legacy);
    return new AppwriteError(404, `${n.prefix}_not_found`, `${n.noun} with the requested ID could not be found.`);
  }

  private duplicate(legacy: boolean): AppwriteError {
    const n = names(legacy);
    return new AppwriteError(409, `${n.prefix}_already_exists`, `${n.noun} with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID.`);
  }
}

function unauthorized(): AppwriteError {
  return new AppwriteError(401, 'user_unauthorized', 'The current user is not authorized to perform the requested action.');
}

function parseData(data: unknown, legacy: boolean): RowData {
  let value = data;
  if (typeof value === 'string') {
    try { value = JSON.parse(value); } catch { throw structureError(legacy, 'data must be a JSON object'); }
  }
  if (value === undefined || value === null) {
    throw new AppwriteError(400, legacy ? 'document_missing_data' : 'row_missing_data', `The ${legacy ? 'document' : 'row'} data is missing. Try again with ${legacy ? 'document' : 'row'} data populated`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw structureError(legacy, 'data must be a JSON object');
  return value as RowData;
}

function bulkItems(items: unknown, legacy: boolean): Record<string, unknown>[] {
  if (!Array.isArray(items) || items.some((i) => !i || typeof i !== 'object' || Array.isArray(i))) {
    throw new AppwriteError(400, 'general_argument_invalid', `Invalid \`${legacy ? 'documents' : 'rows'}\` param: Value must be an array of objects`);
  }
  if (items.length > 1000) throw queryInvalid('Bulk operations accept at most 1000 items.');
  return items as Record<string, unknown>[];
}

/** A bulk item carries its id and permissions inline as `$id` / `$permissions`. */
function splitBulkItem(item: Record<string, unknown>): WriteInput {
  return { rowId: item.$id, permissions: item.$permissions, data: stripSystemKeys(item) };
}
