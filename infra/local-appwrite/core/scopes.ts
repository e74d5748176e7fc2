// The scope label of every route family, as Appwrite's route definitions declare it
// (`->label('scope', …)` in src/Appwrite/Platform/Modules/Databases/Http/** and
// app/controllers/api/storage.php). A key passes when it holds ANY of the route's labels
// (app/controllers/shared/api.php: `array_intersect($allowed, $scopes)`); there are no other
// aliases. So a key with `tables.write` but not `collections.write` can create a column
// through TablesDB but not through the legacy attributes route the CLI 12 uses.

/** The Appwrite versions the local server can behave as. */
export const APPWRITE_VERSIONS = ['1.8.1', '1.9.5'] as const;
export type AppwriteVersion = (typeof APPWRITE_VERSIONS)[number];
/** What the SDKs this project uses (node-appwrite 27, appwrite 28) speak, Realtime included. */
export const DEFAULT_APPWRITE_VERSION: AppwriteVersion = '1.9.5';

export type ScopeLabel = readonly string[];

/** The labels of the schema, row routes of one API family. */
export type FamilyScopes = {
  tablesRead: ScopeLabel; tablesWrite: ScopeLabel;
  columnsRead: ScopeLabel; columnsWrite: ScopeLabel;
  indexesRead: ScopeLabel; indexesWrite: ScopeLabel;
  rowsRead: ScopeLabel; rowsWrite: ScopeLabel;
};

/** Legacy Databases API: collections/attributes/indexes under `collections.*`, documents under `documents.*` (1.8.1 and 1.9.5 alike). */
export const LEGACY_SCOPES: FamilyScopes = {
  tablesRead: ['collections.read'], tablesWrite: ['collections.write'],
  columnsRead: ['collections.read'], columnsWrite: ['collections.write'],
  indexesRead: ['collections.read'], indexesWrite: ['collections.write'],
  rowsRead: ['documents.read'], rowsWrite: ['documents.write'],
};

/** TablesDB: 1.8.1 guards tables, columns and indexes alike; 1.9.5 also accepts `columns.*` / `indexes.*` there. */
export function tablesDbScopes(version: AppwriteVersion): FamilyScopes {
  const read = ['tables.read', 'collections.read'];
  const write = ['tables.write', 'collections.write'];
  const later = version !== '1.8.1';
  return {
    tablesRead: read, tablesWrite: write,
    columnsRead: later ? [...read, 'columns.read', 'attributes.read'] : read,
    columnsWrite: later ? [...write, 'columns.write', 'attributes.write'] : write,
    indexesRead: later ? [...read, 'indexes.read'] : read,
    indexesWrite: later ? [...write, 'indexes.write'] : write,
    rowsRead: ['rows.read', 'documents.read'], rowsWrite: ['rows.write', 'documents.write'],
  };
}
