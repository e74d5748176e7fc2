import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Auth } from '../core/auth.js';
import { ChangeBus, type Change } from '../core/bus.js';
import { Catalog } from '../schema/catalog.js';
import { loadConfig } from '../schema/config.js';
import { openDatabase, type Db } from '../store/sqlite.js';
import { COLLECTIONS, TABLES } from './dialect.js';
import { RowStore } from './row-store.js';
import { Rows } from './rows.js';

// The change bus contract the runtime relies on: one Change per affected row, emitted after
// the write committed (a listener can already read it), none for a refused write.
const key: Auth = { kind: 'key', scopes: ['rows.read', 'rows.write', 'documents.write'] };
const user: Auth = { kind: 'user', userId: 'u1', roles: ['any', 'users', 'user:u1'] };
let dir: string;
let db: Db;
let rows: Rows;
let documents: Rows;
let changes: Change[];
let bus: ChangeBus;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rows-test-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  const catalog = new Catalog(db);
  catalog.seed(loadConfig(resolve(import.meta.dirname, '../fixtures/conformance.appwrite.json')));
  bus = new ChangeBus();
  const store = new RowStore(db);
  rows = new Rows(store, catalog, bus, TABLES);
  documents = new Rows(store, catalog, bus, COLLECTIONS);
  changes = [];
  bus.on((c) => changes.push(c));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('row changes on the bus', () => {
  it('emits the row exactly as returned, with the roles that may read it, after commit', () => {
    let seenInListener: unknown;
    bus.on((c) => {
      seenInListener = rows.get(key, 'app', 'notes', c.id, undefined).title;
    });
    const row = rows.create(user, 'app', 'notes', { rowId: 'r1', data: { title: 'hi' } });
    expect(changes).toEqual([{ resource: 'row', action: 'create', databaseId: 'app', tableId: 'notes', id: 'r1', payload: row, readRoles: ['user:u1'], userId: 'u1' }]);
    expect(seenInListener).toBe('hi');
  });

  it('names the table-level readers too, and uses $tableId for legacy writes', () => {
    documents.create(key, 'app', 'public', { rowId: 'p', data: { n: 1 } });
    expect(changes[0]!.readRoles).toEqual(['any']);
    expect(changes[0]!.payload).toMatchObject({ $tableId: 'public' });
    expect(changes[0]!.payload).not.toHaveProperty('$collectionId');
  });

  it('emits nothing for refused writes', () => {
    expect(() => rows.create(user, 'app', 'notes', { rowId: 'bad', data: { title: 'x'.repeat(50) } })).toThrow(/row_invalid_structure|Invalid row structure/);
    rows.create(user, 'app', 'notes', { rowId: 'dup', data: { title: 'a' } });
    expect(() => rows.create(user, 'app', 'notes', { rowId: 'dup', data: { title: 'b' } })).toThrow();
    expect(changes.map((c) => c.id)).toEqual(['dup']);
    expect(() => rows.createMany(key, 'app', 'public', [{ $id: 'm1', n: 1 }, { $id: 'm2', n: 'x' }])).toThrow();
    expect(changes).toHaveLength(1);
    expect(() => rows.get(key, 'app', 'public', 'm1', undefined)).toThrow();
  });

  it('emits one change per row for bulk calls', () => {
    rows.createMany(key, 'app', 'public', [{ $id: 'b1', n: 1 }, { $id: 'b2', n: 2 }, { $id: 'b3', n: 3 }]);
    rows.updateMany(key, 'app', 'public', { n: 9 }, [JSON.stringify({ method: 'lessThan', attribute: 'n', values: [3] })]);
    rows.deleteMany(key, 'app', 'public', undefined);
    expect(changes.map((c) => `${c.action}:${c.id}`)).toEqual(['create:b1', 'create:b2', 'create:b3', 'update:b1', 'update:b2', 'delete:b1', 'delete:b2', 'delete:b3']);
    expect(changes[3]!.payload).toMatchObject({ n: 9 });
  });

  it('leaves $updatedAt alone on a write that changes nothing, as Appwrite does', () => {
    const first = rows.create(key, 'app', 'notes', { rowId: 'same', data: { title: 'a', body: 'b' } });
    const again = rows.update(key, 'app', 'notes', 'same', { data: { body: 'b' } }, undefined);
    expect(again.$updatedAt).toBe(first.$updatedAt);
    const changed = rows.update(key, 'app', 'notes', 'same', { data: { body: 'c' } }, undefined);
    expect(changed.$updatedAt > first.$updatedAt).toBe(true);
  });

  it('moves $updatedAt forward on every write, so timestamp guards see back-to-back updates', () => {
    const first = rows.create(key, 'app', 'notes', { rowId: 't', data: { title: 'a' } });
    const second = rows.update(key, 'app', 'notes', 't', { data: { body: '1' } }, undefined);
    const third = rows.update(key, 'app', 'notes', 't', { data: { body: '2' } }, undefined);
    expect(second.$updatedAt > first.$updatedAt).toBe(true);
    expect(third.$updatedAt > second.$updatedAt).toBe(true);
    expect(() => rows.update(key, 'app', 'notes', 't', { data: { body: '3' } }, String(second.$updatedAt))).toThrow(/newer/);
  });
});
