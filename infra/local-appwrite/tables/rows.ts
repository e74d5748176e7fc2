import type { Auth } from '../core/auth.js';
import { actorOf, type ChangeBus } from '../core/bus.js';
import { AppwriteError } from '../core/errors.js';
import { defaultPermissions, normalisePermissions, readRolesOf } from '../core/permissions.js';
import type { Catalog, Table } from '../schema/catalog.js';
import { formatDate, resolveId } from '../store/ids.js';
import { columnError, rowAlreadyExists, rowNotFound, rowUpdateConflict, tableNotFound, type Dialect } from './dialect.js';
import { compileQueries, parseQueries } from './queries.js';
import { queryInvalid } from './filters.js';
import { authorizeRow, authorizeTable, canReadRow, requireKey, requireKeyScope } from './row-access.js';
import type { RowStore, StoredRow } from './row-store.js';
import { selectRows } from './select-rows.js';
import { stripSystemKeys, structureError, validateRow, type RowData } from './validate.js';

// The row operations of one API family (a Dialect: TablesDB or the legacy Databases API).
// Every write is one synchronous transaction; its Change is emitted after commit.

export type RowJson = Record<string, unknown> & { $id: string; $createdAt: string; $updatedAt: string };
export type WriteInput = { rowId?: unknown; data?: unknown; permissions?: unknown };
type Prepared = { data: RowData; perms: string[] };

export class Rows {
  constructor(
    private readonly store: RowStore,
    private readonly catalog: Catalog,
    private readonly bus: ChangeBus,
    private readonly d: Dialect,
  ) {}

  // ---- single-row calls -------------------------------------------------------------

  create(auth: Auth, databaseId: string, tableId: string, input: WriteInput): RowJson {
    const table = this.table(auth, databaseId, tableId);
    authorizeTable(auth, table, 'create', this.d.writeScope);
    const row = this.prepareCreate(auth, table, input);
    const json = this.store.transaction(() => this.insert(table, row));
    this.emit(auth, 'create', table, json, row.perms);
    return json;
  }

  get(auth: Auth, databaseId: string, tableId: string, rowId: string, rawQueries: unknown): RowJson {
    const table = this.table(auth, databaseId, tableId);
    requireKeyScope(auth, this.d.readScope);
    const stored = this.store.get(table, rowId);
    if (!stored || !canReadRow(auth, table, permsOf(stored))) throw rowNotFound(this.d);
    const plan = compileQueries(table, parseQueries(rawQueries));
    return this.toJson(table, stored, plan.select);
  }

  list(auth: Auth, databaseId: string, tableId: string, rawQueries: unknown, withTotal: boolean): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId);
    requireKeyScope(auth, this.d.readScope);
    const plan = compileQueries(table, parseQueries(rawQueries));
    const found = selectRows(this.store.db, auth, table, plan);
    const items = found.rows.map((r) => this.toJson(table, r, plan.select));
    return { total: withTotal ? found.total : 0, [this.d.listKey]: items };
  }

  update(auth: Auth, databaseId: string, tableId: string, rowId: string, input: WriteInput, ifNotNewerThan: string | undefined): RowJson {
    const table = this.table(auth, databaseId, tableId);
    const stored = this.mustGet(table, rowId);
    authorizeRow(auth, table, permsOf(stored), 'update', this.d.writeScope);
    this.checkTimestamp(stored, ifNotNewerThan);
    const next = this.prepareUpdate(auth, table, stored, input);
    const json = this.store.transaction(() => this.write(table, stored, next));
    this.emit(auth, 'update', table, json, next.perms);
    return json;
  }

  upsert(auth: Auth, databaseId: string, tableId: string, rowId: string, input: WriteInput, ifNotNewerThan: string | undefined): RowJson {
    const table = this.table(auth, databaseId, tableId);
    if (!this.store.get(table, rowId)) return this.create(auth, databaseId, tableId, { ...input, rowId });
    return this.update(auth, databaseId, tableId, rowId, input, ifNotNewerThan);
  }

  delete(auth: Auth, databaseId: string, tableId: string, rowId: string, ifNotNewerThan: string | undefined): void {
    const table = this.table(auth, databaseId, tableId);
    const stored = this.mustGet(table, rowId);
    authorizeRow(auth, table, permsOf(stored), 'delete', this.d.writeScope);
    this.checkTimestamp(stored, ifNotNewerThan);
    const json = this.toJson(table, stored, null);
    this.store.delete(table, rowId);
    this.emit(auth, 'delete', table, json, permsOf(stored));
  }

  /** increment (delta > 0, bound = max) and decrement (delta < 0, bound = min). */
  increment(auth: Auth, databaseId: string, tableId: string, rowId: string, columnKey: string, delta: number, bound: number | null): RowJson {
    const table = this.table(auth, databaseId, tableId);
    const stored = this.mustGet(table, rowId);
    authorizeRow(auth, table, permsOf(stored), 'update', this.d.writeScope);
    const column = table.columns.find((c) => c.key === columnKey);
    const noun = this.d.columnNoun;
    if (!column) throw columnError(this.d, 404, 'not_found', `${noun} with the requested key could not be found.`);
    if ((column.type !== 'integer' && column.type !== 'double') || column.array) {
      throw columnError(this.d, 400, 'type_invalid', `${noun} "${columnKey}" is not a number`);
    }
    if (!Number.isFinite(delta)) throw new AppwriteError(400, 'general_argument_invalid', 'Invalid `value` param: Value must be a valid number');
    const data = JSON.parse(stored.data) as RowData;
    const current = typeof data[columnKey] === 'number' ? (data[columnKey] as number) : 0;
    const nextValue = current + delta;
    if (bound !== null && (delta >= 0 ? nextValue > bound : nextValue < bound)) {
      throw columnError(this.d, 400, 'limit_exceeded', `${noun} "${columnKey}" has reached the ${delta >= 0 ? 'maximum' : 'minimum'} value of ${bound}`);
    }
    const next = { data: { ...data, [columnKey]: nextValue }, perms: permsOf(stored) };
    const json = this.store.transaction(() => this.write(table, stored, next));
    this.emit(auth, 'update', table, json, next.perms);
    return json;
  }

  // ---- bulk calls (API key only, as on Appwrite) ---------------------------------------

  createMany(auth: Auth, databaseId: string, tableId: string, items: unknown): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId);
    requireKey(auth, this.d.writeScope);
    const rows = this.bulkItems(items).map((item) => this.prepareCreate(auth, table, splitBulkItem(item)));
    const out = this.store.transaction(() => rows.map((r) => this.insert(table, r)));
    out.forEach((json, i) => this.emit(auth, 'create', table, json, rows[i]!.perms));
    return { total: out.length, [this.d.listKey]: out };
  }

  upsertMany(auth: Auth, databaseId: string, tableId: string, items: unknown): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId);
    requireKey(auth, this.d.writeScope);
    const plans = this.bulkItems(items).map((item) => {
      const input = splitBulkItem(item);
      const stored = typeof input.rowId === 'string' ? this.store.get(table, input.rowId) : undefined;
      return stored
        ? { kind: 'update' as const, stored, next: this.prepareUpdate(auth, table, stored, input) }
        : { kind: 'create' as const, row: this.prepareCreate(auth, table, input) };
    });
    const out = this.store.transaction(() =>
      plans.map((p) => (p.kind === 'create' ? this.insert(table, p.row) : this.write(table, p.stored, p.next))),
    );
    out.forEach((json, i) => {
      const p = plans[i]!;
      this.emit(auth, p.kind, table, json, p.kind === 'create' ? p.row.perms : p.next.perms);
    });
    return { total: out.length, [this.d.listKey]: out };
  }

  updateMany(auth: Auth, databaseId: string, tableId: string, data: unknown, rawQueries: unknown): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId);
    requireKey(auth, this.d.writeScope);
    const matched = this.matchAll(auth, table, rawQueries);
    const changes = matched.map((stored) => ({ stored, next: this.prepareUpdate(auth, table, stored, { data: data ?? {} }) }));
    const out = this.store.transaction(() => changes.map((c) => this.write(table, c.stored, c.next)));
    out.forEach((json, i) => this.emit(auth, 'update', table, json, changes[i]!.next.perms));
    return { total: out.length, [this.d.listKey]: out };
  }

  deleteMany(auth: Auth, databaseId: string, tableId: string, rawQueries: unknown): Record<string, unknown> {
    const table = this.table(auth, databaseId, tableId);
    requireKey(auth, this.d.writeScope);
    const matched = this.matchAll(auth, table, rawQueries);
    const out = matched.map((r) => this.toJson(table, r, null));
    this.store.transaction(() => matched.forEach((r) => this.store.delete(table, r.id)));
    out.forEach((json, i) => this.emit(auth, 'delete', table, json, permsOf(matched[i]!)));
    return { total: out.length, [this.d.listKey]: out };
  }

  // ---- internals ---------------------------------------------------------------------

  /** A disabled database or table is invisible to everyone but API keys, as on Appwrite. */
  private table(auth: Auth, databaseId: string, tableId: string): Table {
    const table = this.catalog.getTable(databaseId, tableId, this.d.legacy);
    this.store.ensureIndexes(table);
    if (auth.kind !== 'key' && (!table.enabled || !this.catalog.getDatabase(databaseId).enabled)) throw tableNotFound(this.d);
    return table;
  }

  /** The rows a bulk update or delete touches: its queries, with a limit of at least 5000. */
  private matchAll(auth: Auth, table: Table, rawQueries: unknown): StoredRow[] {
    const plan = compileQueries(table, parseQueries(rawQueries));
    plan.limit = Math.max(plan.limit, 5000);
    return selectRows(this.store.db, auth, table, plan).rows;
  }

  private prepareCreate(auth: Auth, table: Table, input: WriteInput): Prepared & { id: string } {
    const id = resolveId(input.rowId, this.d.idParam);
    const raw = this.parseData(input.data);
    const perms = input.permissions === undefined || input.permissions === null ? defaultPermissions(auth) : normalisePermissions(input.permissions, auth);
    return { id, data: validateRow(table, stripSystemKeys(raw), this.d.legacy, true), perms };
  }

  private prepareUpdate(auth: Auth, table: Table, stored: StoredRow, input: WriteInput): Prepared {
    // Columns deleted since the row was written are dropped, new ones start at their default.
    const saved = JSON.parse(stored.data) as RowData;
    const current: RowData = {};
    for (const c of table.columns) current[c.key] = saved[c.key] !== undefined ? saved[c.key] : (c.default ?? null);
    const patch = input.data === undefined || input.data === null ? {} : this.parseData(input.data);
    const perms = input.permissions === undefined || input.permissions === null ? permsOf(stored) : normalisePermissions(input.permissions, auth);
    return { data: validateRow(table, { ...current, ...stripSystemKeys(patch) }, this.d.legacy, false), perms };
  }

  private insert(table: Table, row: Prepared & { id: string }): RowJson {
    if (this.store.clashesUnique(table, row.id, row.data)) throw rowAlreadyExists(this.d);
    const now = formatDate();
    const stored: StoredRow = { id: row.id, seq: this.store.nextSequence(table), data: JSON.stringify(row.data), perms: JSON.stringify(row.perms), created: now, updated: now };
    if (!this.store.insert(table, stored)) throw rowAlreadyExists(this.d);
    return this.toJson(table, stored, null);
  }

  private write(table: Table, stored: StoredRow, next: Prepared): RowJson {
    if (this.store.clashesUnique(table, stored.id, next.data)) throw rowAlreadyExists(this.d);
    const data = JSON.stringify(next.data);
    const perms = JSON.stringify(next.perms);
    // A write that changes nothing leaves the row, $updatedAt included, as it was: utopia-php/
    // database (3.5.0 in Appwrite 1.8.1) sets $updatedAt only when an attribute or permission changed.
    if (sameJson(JSON.parse(stored.data), next.data) && sameJson(permsOf(stored), next.perms)) return this.toJson(table, stored, null);
    // $updatedAt only moves forward, so X-Appwrite-Timestamp comparisons see every write.
    const updated = formatDate(new Date(Math.max(Date.now(), Date.parse(stored.updated) + 1)));
    const row = { ...stored, data, perms, updated };
    this.store.update(table, row);
    return this.toJson(table, row, null);
  }

  private toJson(table: Table, r: StoredRow, select: string[] | null): RowJson {
    const data = JSON.parse(r.data) as RowData;
    const out: RowJson = {
      $id: r.id, $sequence: String(r.seq), [this.d.tableKey]: table.$id, $databaseId: table.databaseId,
      $createdAt: r.created, $updatedAt: r.updated, $permissions: permsOf(r),
    };
    const keep = select && !select.includes('*') ? new Set(select) : null;
    for (const column of table.columns) {
      if (keep && !keep.has(column.key)) continue;
      out[column.key] = data[column.key] !== undefined ? data[column.key] : (column.default ?? null);
    }
    return out;
  }

  private emit(auth: Auth, action: 'create' | 'update' | 'delete', table: Table, json: RowJson, perms: string[]): void {
    const readRoles = new Set(readRolesOf(table.$permissions));
    if (table.rowSecurity) for (const r of readRolesOf(perms)) readRoles.add(r);
    // The bus speaks TablesDB: a legacy write emits the same payload a TablesDB write would.
    const { $collectionId: _legacyKey, ...payload } = json;
    this.bus.emit({ resource: 'row', action, databaseId: table.databaseId, tableId: table.$id, id: json.$id, payload: { ...payload, $tableId: table.$id }, readRoles: [...readRoles], ...actorOf(auth) });
  }

  private mustGet(table: Table, rowId: string): StoredRow {
    const stored = this.store.get(table, rowId);
    if (!stored) throw rowNotFound(this.d);
    return stored;
  }

  private checkTimestamp(stored: StoredRow, ifNotNewerThan: string | undefined): void {
    if (!ifNotNewerThan) return;
    const limit = Date.parse(ifNotNewerThan);
    if (Number.isNaN(limit)) throw new AppwriteError(400, 'general_argument_invalid', 'Invalid X-Appwrite-Timestamp header value');
    if (Date.parse(stored.updated) > limit) throw rowUpdateConflict(this.d);
  }

  private parseData(data: unknown): RowData {
    let value = data;
    if (typeof value === 'string') {
      try { value = JSON.parse(value); } catch { throw structureError(this.d.legacy, 'data must be a JSON object'); }
    }
    if (value === undefined || value === null) {
      const noun = this.d.prefix;
      throw new AppwriteError(400, `${noun}_missing_data`, `The ${noun} data is missing. Try again with ${noun} data populated`);
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw structureError(this.d.legacy, 'data must be a JSON object');
    return value as RowData;
  }

  private bulkItems(items: unknown): Record<string, unknown>[] {
    if (!Array.isArray(items) || items.some((i) => !i || typeof i !== 'object' || Array.isArray(i))) {
      throw new AppwriteError(400, 'general_argument_invalid', `Invalid \`${this.d.listKey}\` param: Value must be an array of objects`);
    }
    if (items.length > 1000) throw queryInvalid('Bulk operations accept at most 1000 items.');
    return items as Record<string, unknown>[];
  }
}

/** Equal as JSON values, whatever the order of object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function permsOf(row: StoredRow): string[] {
  return JSON.parse(row.perms) as string[];
}

/** A bulk item carries its id and permissions inline as `$id` / `$permissions`. */
function splitBulkItem(item: Record<string, unknown>): WriteInput {
  return { rowId: item.$id, permissions: item.$permissions, data: stripSystemKeys(item) };
}
