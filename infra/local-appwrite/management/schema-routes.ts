import { requireScope } from '../core/auth.js';
import { LEGACY_SCOPES, tablesDbScopes, type AppwriteVersion, type FamilyScopes } from '../core/scopes.js';
import { AppwriteError } from '../core/errors.js';
import { normalisePermissions } from '../core/permissions.js';
import type { RequestContext, Router } from '../core/router.js';
import { toColumn, toIndex, type Catalog, type Column, type Index, type Table } from '../schema/catalog.js';
import { ColumnDef, IndexDef } from '../schema/config.js';
import { formatDate, resolveId } from '../store/ids.js';

// Management API for databases, tables/collections, columns/attributes and indexes — the
// calls `appwrite push` makes (it creates tables through TablesDB but columns and indexes
// through the legacy attributes routes, then polls until each is `available`; here
// everything is available at once). API key only.

type Family = { scopes: FamilyScopes; legacy: boolean; db: string; tables: string; tableNoun: string; columns: string; security: 'rowSecurity' | 'documentSecurity'; idParam: string };
const families = (version: AppwriteVersion): Family[] => [
  { scopes: tablesDbScopes(version), legacy: false, db: '/v1/tablesdb', tables: 'tables', tableNoun: 'table', columns: 'columns', security: 'rowSecurity', idParam: 'tableId' },
  { scopes: LEGACY_SCOPES, legacy: true, db: '/v1/databases', tables: 'collections', tableNoun: 'collection', columns: 'attributes', security: 'documentSecurity', idParam: 'collectionId' },
];
const COLUMN_TYPES = ['string', 'integer', 'float', 'boolean', 'datetime', 'email', 'url', 'ip', 'enum', 'varchar', 'text', 'mediumtext', 'longtext'];

export function registerSchemaRoutes(router: Router, catalog: Catalog, version: AppwriteVersion): void {
  for (const f of families(version)) {
    const dbPath = `${f.db}/:databaseId`;
    const tablePath = `${dbPath}/${f.tables}/:tableId`;

    // databases
    router.add('GET', f.db, (ctx) => {
      requireScope(ctx.auth, 'databases.read');
      const databases = catalog.listDatabases();
      return { total: databases.length, databases };
    });
    router.add('POST', f.db, (ctx) => {
      requireScope(ctx.auth, 'databases.write');
      const id = resolveId(ctx.body.databaseId, 'databaseId');
      if (catalog.listDatabases().some((d) => d.$id === id)) throw new AppwriteError(409, 'database_already_exists', 'Database already exists');
      const now = formatDate();
      const db = { $id: id, name: str(ctx.body.name, id), $createdAt: now, $updatedAt: now, enabled: ctx.body.enabled !== false, type: f.legacy ? 'legacy' : 'tablesdb' };
      catalog.saveDatabase(db);
      ctx.json(db, 201);
    });
    router.add('GET', dbPath, (ctx) => {
      requireScope(ctx.auth, 'databases.read');
      return catalog.getDatabase(ctx.params.databaseId!);
    });
    router.add('PUT', dbPath, (ctx) => {
      requireScope(ctx.auth, 'databases.write');
      const db = { ...catalog.getDatabase(ctx.params.databaseId!) };
      if (typeof ctx.body.name === 'string') db.name = ctx.body.name;
      if (typeof ctx.body.enabled === 'boolean') db.enabled = ctx.body.enabled;
      db.$updatedAt = formatDate();
      catalog.saveDatabase(db);
      return db;
    });
    router.add('DELETE', dbPath, (ctx) => {
      requireScope(ctx.auth, 'databases.write');
      catalog.deleteDatabase(ctx.params.databaseId!);
    });

    // tables / collections
    router.add('GET', `${dbPath}/${f.tables}`, (ctx) => {
      requireScope(ctx.auth, f.scopes.tablesRead);
      catalog.getDatabase(ctx.params.databaseId!);
      const tables = catalog.listTables(ctx.params.databaseId!).map((t) => tableJson(t, f));
      return { total: tables.length, [f.tables]: tables };
    });
    router.add('POST', `${dbPath}/${f.tables}`, (ctx) => {
      requireScope(ctx.auth, f.scopes.tablesWrite);
      const databaseId = ctx.params.databaseId!;
      catalog.getDatabase(databaseId);
      const id = resolveId(ctx.body[f.idParam], f.idParam);
      if (catalog.hasTable(databaseId, id)) throw new AppwriteError(409, `${f.tableNoun}_already_exists`, `A ${f.tableNoun} with the requested ID already exists.`);
      const now = formatDate();
      const table: Table = {
        $id: id, $createdAt: now, $updatedAt: now, $permissions: normalisePermissions(ctx.body.permissions, ctx.auth, true), databaseId,
        name: str(ctx.body.name, id), enabled: ctx.body.enabled !== false, rowSecurity: ctx.body[f.security] === true, columns: [], indexes: [],
      };
      const columns = Array.isArray(ctx.body[f.columns]) ? (ctx.body[f.columns] as unknown[]) : [];
      table.columns = columns.map((c) => toColumn(parse(ColumnDef, c, f.columns), now));
      const indexes = Array.isArray(ctx.body.indexes) ? (ctx.body.indexes as unknown[]) : [];
      table.indexes = indexes.map((i) => toIndex(parse(IndexDef, i, 'indexes'), now));
      catalog.saveTable(table);
      ctx.json(tableJson(table, f), 201);
    });
    router.add('GET', tablePath, (ctx) => {
      requireScope(ctx.auth, f.scopes.tablesRead);
      return tableJson(catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy), f);
    });
    router.add('PUT', tablePath, (ctx) => {
      requireScope(ctx.auth, f.scopes.tablesWrite);
      const table = { ...catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy) };
      if (typeof ctx.body.name === 'string') table.name = ctx.body.name;
      if (typeof ctx.body.enabled === 'boolean') table.enabled = ctx.body.enabled;
      if (typeof ctx.body[f.security] === 'boolean') table.rowSecurity = ctx.body[f.security] as boolean;
      if (ctx.body.permissions !== undefined && ctx.body.permissions !== null) table.$permissions = normalisePermissions(ctx.body.permissions, ctx.auth, true);
      table.$updatedAt = formatDate();
      catalog.saveTable(table);
      return tableJson(table, f);
    });
    router.add('DELETE', tablePath, (ctx) => {
      requireScope(ctx.auth, f.scopes.tablesWrite);
      catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy);
      catalog.deleteTable(ctx.params.databaseId!, ctx.params.tableId!);
    });

    // columns / attributes
    router.add('GET', `${tablePath}/${f.columns}`, (ctx) => {
      requireScope(ctx.auth, f.scopes.columnsRead);
      const table = catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy);
      return { total: table.columns.length, [f.columns]: table.columns };
    });
    router.add('POST', `${tablePath}/${f.columns}/:type`, (ctx) => {
      requireScope(ctx.auth, f.scopes.columnsWrite);
      const type = ctx.params.type!;
      if (!COLUMN_TYPES.includes(type)) throw new AppwriteError(400, 'column_type_invalid', `Column type ${type} is not supported by the local stack.`);
      const table = { ...catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy) };
      const key = ctx.body.key;
      if (typeof key !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_]{0,35}$/.test(key)) throw new AppwriteError(400, 'general_argument_invalid', 'Invalid `key` param: Parameter must contain at most 36 chars.');
      if (table.columns.some((c) => c.key === key)) {
        throw new AppwriteError(409, f.legacy ? 'attribute_already_exists' : 'column_already_exists', `${f.legacy ? 'Attribute' : 'Column'} with the requested key already exists.`);
      }
      const column = toColumn(parse(ColumnDef, { ...ctx.body, type: type === 'float' ? 'double' : type }, f.columns));
      if (column.required && column.default !== null) {
        throw new AppwriteError(400, f.legacy ? 'attribute_default_unsupported' : 'column_default_unsupported', 'Cannot set default value for required column');
      }
      table.columns = [...table.columns, column];
      table.$updatedAt = formatDate();
      catalog.saveTable(table);
      ctx.json(column, 202);
    });
    router.add('PATCH', `${tablePath}/${f.columns}/:type/:key`, (ctx) => {
      requireScope(ctx.auth, f.scopes.columnsWrite);
      const table = { ...catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy) };
      const i = table.columns.findIndex((c) => c.key === ctx.params.key);
      if (i < 0) throw columnNotFound(f);
      const old = table.columns[i]!;
      const next: Column = { ...old, $updatedAt: formatDate() };
      if (typeof ctx.body.required === 'boolean') next.required = ctx.body.required;
      if ('default' in ctx.body) next.default = ctx.body.default ?? null;
      if (typeof ctx.body.min === 'number') next.min = ctx.body.min;
      if (typeof ctx.body.max === 'number') next.max = ctx.body.max;
      if (typeof ctx.body.size === 'number') next.size = ctx.body.size;
      if (Array.isArray(ctx.body.elements)) next.elements = ctx.body.elements as string[];
      if (typeof ctx.body.newKey === 'string' && ctx.body.newKey) next.key = ctx.body.newKey;
      table.columns = table.columns.map((c, j) => (j === i ? next : c));
      catalog.saveTable(table);
      return next;
    });
    router.add('GET', `${tablePath}/${f.columns}/:key`, (ctx) => {
      requireScope(ctx.auth, f.scopes.columnsRead);
      const column = catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy).columns.find((c) => c.key === ctx.params.key);
      if (!column) throw columnNotFound(f);
      return column;
    });
    router.add('DELETE', `${tablePath}/${f.columns}/:key`, (ctx) => {
      requireScope(ctx.auth, f.scopes.columnsWrite);
      const table = { ...catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy) };
      if (!table.columns.some((c) => c.key === ctx.params.key)) throw columnNotFound(f);
      table.columns = table.columns.filter((c) => c.key !== ctx.params.key);
      table.indexes = table.indexes.filter((ix) => !ix.columns.includes(ctx.params.key!));
      catalog.saveTable(table);
    });

    // indexes
    router.add('GET', `${tablePath}/indexes`, (ctx) => {
      requireScope(ctx.auth, f.scopes.indexesRead);
      const table = catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy);
      return { total: table.indexes.length, indexes: table.indexes.map((ix) => indexJson(ix, f)) };
    });
    router.add('POST', `${tablePath}/indexes`, (ctx) => {
      requireScope(ctx.auth, f.scopes.indexesWrite);
      const table = { ...catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy) };
      const index = toIndex(parse(IndexDef, ctx.body, 'index'));
      if (table.indexes.some((ix) => ix.key === index.key)) throw new AppwriteError(409, f.legacy ? 'index_already_exists' : 'column_index_already_exists', 'Index with the requested key already exists.');
      for (const c of index.columns) {
        if (!table.columns.some((col) => col.key === c) && !c.startsWith('$')) throw columnNotFound(f);
      }
      table.indexes = [...table.indexes, index];
      catalog.saveTable(table);
      ctx.json(indexJson(index, f), 202);
    });
    router.add('GET', `${tablePath}/indexes/:key`, (ctx) => {
      requireScope(ctx.auth, f.scopes.indexesRead);
      const index = catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy).indexes.find((ix) => ix.key === ctx.params.key);
      if (!index) throw new AppwriteError(404, 'index_not_found', 'Index with the requested key could not be found.');
      return indexJson(index, f);
    });
    router.add('DELETE', `${tablePath}/indexes/:key`, (ctx) => {
      requireScope(ctx.auth, f.scopes.indexesWrite);
      const table = { ...catalog.getTable(ctx.params.databaseId!, ctx.params.tableId!, f.legacy) };
      if (!table.indexes.some((ix) => ix.key === ctx.params.key)) throw new AppwriteError(404, 'index_not_found', 'Index with the requested key could not be found.');
      table.indexes = table.indexes.filter((ix) => ix.key !== ctx.params.key);
      catalog.saveTable(table);
    });
  }
}

function tableJson(t: Table, f: Family): Record<string, unknown> {
  const { rowSecurity, columns, indexes, ...rest } = t;
  return { ...rest, [f.security]: rowSecurity, [f.columns]: columns, indexes: indexes.map((ix) => indexJson(ix, f)) };
}

function indexJson(ix: Index, f: Family): Record<string, unknown> {
  if (!f.legacy) return ix;
  const { columns, ...rest } = ix;
  return { ...rest, attributes: columns };
}

function columnNotFound(f: Family): AppwriteError {
  return new AppwriteError(404, f.legacy ? 'attribute_not_found' : 'column_not_found', `${f.legacy ? 'Attribute' : 'Column'} with the requested ID could not be found.`);
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' && value ? value : fallback;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AppwriteError(400, 'general_argument_invalid', `Invalid \`${what}\` param: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return r.data;
}

export type { RequestContext };
