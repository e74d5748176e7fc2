import { describe, expect, it } from 'vitest';
import type { Change } from '../core/bus.js';
import { eventNames, generateEvents, realtimeChannels } from './event-names.js';

// Expected sets come from Appwrite's own unit tests (tests/unit/Event/EventTest.php).
describe('generateEvents', () => {
  it('expands a top-level resource with an attribute', () => {
    const events = generateEvents('users.[userId].update.email', { userId: 'torsten' });
    expect(events.sort()).toEqual(
      ['users.torsten.update.email', 'users.torsten.update', 'users.torsten', 'users.*.update.email', 'users.*.update', 'users.*'].sort(),
    );
  });

  it('expands every combination of ids and * for a nested resource', () => {
    const events = generateEvents('tables.[tableId].rows.[rowId].create', { tableId: 'chapters', rowId: 'prolog' });
    expect(events).toHaveLength(10);
    expect(events).toContain('tables.*.rows.prolog.create');
    expect(events).toContain('tables.chapters.rows.*');
    expect(events).toContain('tables.*');
  });

  it('mirrors tables/rows and collections/documents in the databases family (42 names)', () => {
    const events = generateEvents('databases.[databaseId].tables.[tableId].rows.[rowId].create', {
      databaseId: 'chaptersDB',
      tableId: 'chapters',
      rowId: 'prolog',
    });
    expect(events).toHaveLength(42);
    for (const name of [
      'databases.chaptersDB.tables.chapters.rows.prolog.create',
      'databases.*.tables.chapters.rows.prolog',
      'databases.chaptersDB.tables.*.rows.*.create',
      'databases.*.tables.*.rows.*',
      'databases.chaptersDB',
      'databases.*',
      'databases.chaptersDB.collections.chapters.documents.prolog.create',
      'databases.*.collections.*.documents.*.create',
    ]) {
      expect(events).toContain(name);
    }
  });

  it('refuses a pattern whose placeholder has no param', () => {
    expect(() => generateEvents('tables.[tableId].rows.[rowId].create', { tableId: 'chapters' })).toThrow(/rowId/);
  });

  it('adds the tablesdb family only with a tablesdb database (Realtime)', () => {
    const params = { databaseId: 'db', tableId: 't', rowId: 'r' };
    const withDb = generateEvents('databases.[databaseId].tables.[tableId].rows.[rowId].update', params, 'tablesdb');
    expect(withDb[0]).toBe('tablesdb.db.tables.t.rows.r.update');
    expect(withDb).toContain('databases.db.collections.t.documents.r.update');
    expect(withDb).toContain('databases.db.tables.t.rows.r.update');
    const without = generateEvents('databases.[databaseId].tables.[tableId].rows.[rowId].update', params);
    expect(without.some((e) => e.startsWith('tablesdb.'))).toBe(false);
  });

  it('does not rewrite ids that happen to be reserved words', () => {
    const events = generateEvents('databases.[databaseId].tables.[tableId].rows.[rowId].update', {
      databaseId: 'factory-db',
      tableId: 'rows-archive',
      rowId: 'row-123',
    });
    expect(events).toContain('databases.factory-db.collections.rows-archive.documents.row-123.update');
  });
});

const row = (action: Change['action']): Change => ({
  resource: 'row',
  action,
  databaseId: 'studio',
  tableId: 'videos',
  id: 'v1',
  payload: { $id: 'v1' },
  readRoles: ['any'],
});

describe('eventNames for a change', () => {
  it('gives functions the databases families only', () => {
    const names = eventNames(row('create'), 'functions');
    expect(names[0]).toBe('databases.studio.collections.videos.documents.v1.create');
    expect(names).toContain('databases.*.tables.*.rows.*.create');
    expect(names).toContain('databases.studio.tables.videos.rows.*.create');
    expect(names).toContain('databases.studio.collections.videos.documents.*');
    expect(names).not.toContain('tablesdb.studio.tables.videos.rows.*.create');
    expect(names.some((n) => n.endsWith('.update'))).toBe(false);
  });

  it('gives Realtime all three families', () => {
    const names = eventNames(row('update'), 'realtime');
    expect(names[0]).toBe('tablesdb.studio.tables.videos.rows.v1.update');
    expect(names).toContain('tablesdb.*.tables.*.rows.*.update');
    expect(names).toContain('databases.studio.collections.videos.documents.v1.update');
    expect(names).toHaveLength(64);
  });

  it('names file events by bucket and file', () => {
    const names = eventNames({ resource: 'file', action: 'create', bucketId: 'clips', id: 'f1', payload: {}, readRoles: [] }, 'functions');
    expect(names.sort()).toEqual(
      [
        'buckets.clips.files.f1.create',
        'buckets.*.files.*.create',
        'buckets.clips.files.*.create',
        'buckets.*.files.f1.create',
        'buckets.clips.files.f1',
        'buckets.*.files.*',
        'buckets.clips.files.*',
        'buckets.*.files.f1',
        'buckets.clips',
        'buckets.*',
      ].sort(),
    );
  });
});

describe('realtimeChannels', () => {
  it('publishes a row on the legacy, tables and tablesdb channels, each with the action', () => {
    const channels = realtimeChannels(row('delete'));
    for (const channel of [
      'rows',
      'documents',
      'tablesdb.studio.tables.videos.rows',
      'tablesdb.studio.tables.videos.rows.v1',
      'databases.studio.collections.videos.documents.v1',
      'databases.studio.tables.videos.rows',
      'rows.delete',
      'documents.delete',
      'tablesdb.studio.tables.videos.rows.delete',
      'tablesdb.studio.tables.videos.rows.v1.delete',
      'databases.studio.collections.videos.documents.v1.delete',
    ]) {
      expect(channels).toContain(channel);
    }
    expect(channels).toHaveLength(16);
  });

  it('publishes a file on files and its bucket', () => {
    const channels = realtimeChannels({ resource: 'file', action: 'update', bucketId: 'b', id: 'f', payload: {}, readRoles: [] });
    expect(channels.sort()).toEqual(
      ['files', 'buckets.b.files', 'buckets.b.files.f', 'files.update', 'buckets.b.files.update', 'buckets.b.files.f.update'].sort(),
    );
  });
});
