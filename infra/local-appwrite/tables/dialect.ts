import { AppwriteError } from '../core/errors.js';
import { LEGACY_SCOPES, tablesDbScopes, type ScopeLabel } from '../core/scopes.js';

// The two API families over the same rows: TablesDB (tables/rows/columns) and the legacy
// Databases API (collections/documents/attributes). They differ only in names: field names
// in the JSON, parameter names and error types. One Rows service per dialect.

export type Dialect = {
  /** true for the Databases API (collections/documents) */
  legacy: boolean;
  noun: 'Row' | 'Document';
  prefix: 'row' | 'document';
  /** the field naming the table in a row's JSON */
  tableKey: '$tableId' | '$collectionId';
  /** the list field of list and bulk answers */
  listKey: 'rows' | 'documents';
  /** the id parameter of create */
  idParam: 'rowId' | 'documentId';
  columnNoun: 'Column' | 'Attribute';
  columnPrefix: 'column' | 'attribute';
  tablePrefix: 'table' | 'collection';
  /** the scope labels of the row routes (Appwrite's, see core/scopes.ts) */
  readScope: ScopeLabel;
  writeScope: ScopeLabel;
};

// Row routes carry the same labels in every version the server can be.
const tablesDb = tablesDbScopes('1.8.1');

export const TABLES: Dialect = {
  legacy: false, noun: 'Row', prefix: 'row', tableKey: '$tableId', listKey: 'rows', idParam: 'rowId',
  columnNoun: 'Column', columnPrefix: 'column', tablePrefix: 'table',
  readScope: tablesDb.rowsRead, writeScope: tablesDb.rowsWrite,
};

export const COLLECTIONS: Dialect = {
  legacy: true, noun: 'Document', prefix: 'document', tableKey: '$collectionId', listKey: 'documents', idParam: 'documentId',
  columnNoun: 'Attribute', columnPrefix: 'attribute', tablePrefix: 'collection',
  readScope: LEGACY_SCOPES.rowsRead, writeScope: LEGACY_SCOPES.rowsWrite,
};

export function rowNotFound(d: Dialect): AppwriteError {
  return new AppwriteError(404, `${d.prefix}_not_found`, `${d.noun} with the requested ID could not be found.`);
}

export function rowAlreadyExists(d: Dialect): AppwriteError {
  return new AppwriteError(409, `${d.prefix}_already_exists`, `${d.noun} with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID.`);
}

export function rowUpdateConflict(d: Dialect): AppwriteError {
  return new AppwriteError(409, `${d.prefix}_update_conflict`, `Remote ${d.prefix} is newer than local.`);
}

export function tableNotFound(d: Dialect): AppwriteError {
  const noun = d.legacy ? 'Collection' : 'Table';
  return new AppwriteError(404, `${d.tablePrefix}_not_found`, `${noun} with the requested ID could not be found.`);
}

export function columnError(d: Dialect, status: number, suffix: string, message: string): AppwriteError {
  return new AppwriteError(status, `${d.columnPrefix}_${suffix}`, message);
}
