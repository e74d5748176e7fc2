import type { Change } from '../core/bus.js';

// Appwrite's event names and Realtime channels for a change, ported from the server source
// (appwrite/appwrite `Event::generateEvents`, `Event::mirrorCollectionEvents` and
// `Messaging\Adapter\Realtime::fromPayload`), so a function's `events` list and a Realtime
// subscription match here exactly when they would match on Appwrite.
//
// One trap the port keeps on purpose: Appwrite generates the events that trigger FUNCTIONS
// without the database context, so they only come in the `databases.…` families
// (`collections/documents` and `tables/rows`). The `tablesdb.…` family is generated only for
// Realtime. A function listening to `tablesdb.<db>.tables.<t>.rows.*.create` is accepted by
// Appwrite's validator and then never runs.

export type EventAudience = 'functions' | 'realtime';

/** PHP `str_replace` with arrays: each search string in turn, over the whole subject. */
function strReplace(search: readonly string[], replace: readonly string[] | string, subject: string): string {
  let out = subject;
  search.forEach((needle, i) => {
    if (!needle) return;
    const with_ = typeof replace === 'string' ? replace : (replace[i] ?? '');
    out = out.split(needle).join(with_);
  });
  return out;
}

type Parsed = {
  type: string;
  resource: string | false;
  subType: string | false;
  subResource: string | false;
  subSubType: string | false;
  subSubResource: string | false;
  action: string | false;
  attribute: string | false;
};

export function parseEventPattern(pattern: string): Parsed {
  const parts = pattern.split('.');
  const count = parts.length;
  const at = (i: number): string | false => parts[i] ?? false;
  const hasSub = count > 3 && (parts[3] ?? '').startsWith('[');
  const hasSubSub = count > 5 && (parts[5] ?? '').startsWith('[') && hasSub;
  let attribute: string | false = false;
  if (hasSubSub && count === 8) attribute = at(7);
  if (hasSub && !hasSubSub && count === 6) attribute = at(5);
  if (!hasSub && count === 4) attribute = at(3);
  const action = !hasSub && count > 2 ? at(2) : hasSubSub ? at(6) : hasSub && count > 4 ? at(4) : false;
  return {
    type: parts[0] ?? '',
    resource: at(1),
    subType: hasSub ? at(2) : false,
    subResource: hasSub ? at(3) : false,
    subSubType: hasSubSub ? at(4) : false,
    subSubResource: hasSubSub ? at(5) : false,
    action,
    attribute,
  };
}

const TABLESDB_PROJECTION: Record<string, string> = {
  databases: 'tablesdb',
  documents: 'rows',
  collections: 'tables',
  attributes: 'columns',
};

/**
 * Every event name Appwrite derives from `pattern` (e.g.
 * `databases.[databaseId].collections.[collectionId].documents.[documentId].create`) and its
 * params: each combination of ids and `*`, with and without the action, and the parents.
 * `databaseType: 'tablesdb'` is what Appwrite passes for Realtime only.
 */
export function generateEvents(pattern: string, params: Record<string, string>, databaseType?: 'tablesdb' | 'legacy'): string[] {
  const keys = Object.keys(params);
  const values = Object.values(params);
  let parsed = parseEventPattern(pattern);
  if (pattern.includes('databases.') && databaseType === 'tablesdb') {
    const mapped = { ...parsed };
    for (const field of Object.keys(mapped) as (keyof Parsed)[]) {
      const value = mapped[field];
      if (typeof value === 'string' && TABLESDB_PROJECTION[value]) mapped[field] = TABLESDB_PROJECTION[value]!;
    }
    parsed = mapped;
  }
  const { type, resource, subType, subResource, subSubType, subSubResource, action, attribute } = parsed;
  for (const placeholder of [resource, subResource, subSubResource]) {
    if (placeholder && !keys.includes(placeholder.replace(/^\[|\]$/g, ''))) {
      throw new Error(`${placeholder} is missing from the params.`);
    }
  }

  const join = (...parts: (string | false)[]): string => parts.map(String).join('.');
  const patterns: string[] = [];
  if (action) {
    if (subSubResource) {
      if (attribute) patterns.push(join(type, resource, subType, subResource, subSubType, subSubResource, action, attribute));
      patterns.push(join(type, resource, subType, subResource, subSubType, subSubResource, action));
      patterns.push(join(type, resource, subType, subResource, subSubType, subSubResource));
    } else if (subResource) {
      if (attribute) patterns.push(join(type, resource, subType, subResource, action, attribute));
      patterns.push(join(type, resource, subType, subResource, action));
      patterns.push(join(type, resource, subType, subResource));
    } else {
      patterns.push(join(type, resource, action));
    }
    if (attribute) patterns.push(join(type, resource, action, attribute));
  }
  if (subSubResource) patterns.push(join(type, resource, subType, subResource, subSubType, subSubResource));
  if (subResource) patterns.push(join(type, resource, subType, subResource));
  patterns.push(join(type, resource));

  const events: string[] = [];
  for (const eventPattern of unique(patterns)) {
    events.push(strReplace(keys, values, eventPattern));
    events.push(strReplace(keys, '*', eventPattern));
    for (const key of keys) {
      for (const current of keys) {
        if (subSubResource) {
          for (const subCurrent of keys) {
            if (subCurrent === current || subCurrent === key) continue;
            events.push(strReplace(keys, values, strReplace([subCurrent], '*', eventPattern)));
            events.push(strReplace(keys, values, strReplace([current], '*', strReplace([subCurrent], '*', eventPattern))));
            events.push(strReplace(keys, values, strReplace([current], '*', eventPattern)));
          }
        } else {
          if (current === key) continue;
          events.push(strReplace(keys, values, strReplace([current], '*', eventPattern)));
        }
      }
    }
  }
  const cleaned = unique(events.map((e) => e.replace(/[[\]]/g, '')));
  return mirrorCollectionEvents(pattern, cleaned[0] ?? '', cleaned);
}

const COLLECTIONS_TO_TABLES: Record<string, string> = { documents: 'rows', collections: 'tables', attributes: 'columns' };
const TABLES_TO_COLLECTIONS: Record<string, string> = { rows: 'documents', tables: 'collections', columns: 'attributes' };
const TABLESDB_TO_DATABASES: Record<string, string> = { tablesdb: 'databases', tables: 'collections', rows: 'documents', columns: 'attributes' };

const replaceSegments = (event: string, map: Record<string, string>): string =>
  event.split('.').map((part) => map[part] ?? part).join('.');

/** Adds the table/collection twin of each event, as Appwrite does for backward compatibility. */
function mirrorCollectionEvents(pattern: string, first: string, events: string[]): string[] {
  const applies = (pattern.includes('databases.') && (first.includes('collections') || first.includes('tables'))) || first.includes('tablesdb.');
  if (!applies) return events;
  const paired: string[] = [];
  for (const event of events) {
    paired.push(event);
    if (event.includes('tablesdb')) {
      const databasesSide = replaceSegments(event, TABLESDB_TO_DATABASES);
      paired.push(databasesSide, replaceSegments(databasesSide, COLLECTIONS_TO_TABLES));
    } else if (event.includes('collections')) {
      paired.push(replaceSegments(event, COLLECTIONS_TO_TABLES));
    } else if (event.includes('tables')) {
      paired.push(replaceSegments(event, TABLES_TO_COLLECTIONS));
    }
  }
  return unique(paired);
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** The pattern and params Appwrite's route sets for this change. */
export function changePattern(change: Change): { pattern: string; params: Record<string, string> } {
  if (change.resource === 'file') {
    return {
      pattern: `buckets.[bucketId].files.[fileId].${change.action}`,
      params: { bucketId: change.bucketId ?? '', fileId: change.id },
    };
  }
  const databaseId = change.databaseId ?? '';
  const tableId = change.tableId ?? '';
  // The create route sets the collections/documents pattern, update and delete routes the
  // tables/rows one; both expand to the same set, only the order (and `events[0]`) differs.
  const pattern =
    change.action === 'create'
      ? 'databases.[databaseId].collections.[collectionId].documents.[documentId].create'
      : `databases.[databaseId].tables.[tableId].rows.[rowId].${change.action}`;
  return {
    pattern,
    params: { databaseId, collectionId: tableId, tableId, documentId: change.id, rowId: change.id },
  };
}

/** Event names for a change as Appwrite generates them for function triggers or for Realtime. */
export function eventNames(change: Change, audience: EventAudience): string[] {
  const { pattern, params } = changePattern(change);
  return generateEvents(pattern, params, audience === 'realtime' && change.resource === 'row' ? 'tablesdb' : undefined);
}

const ACTION_LEAVES = new Set(['documents', 'rows', 'files', 'executions', 'functions', 'account', 'teams', 'memberships', 'presences']);

/**
 * Realtime channels a change is published on, each also with the action suffix. Appwrite
 * 1.8.1 publishes neither the `tablesdb.…` family nor action suffixes (both came with 1.9:
 * src/Appwrite/Messaging/Adapter/Realtime.php `fromPayload`), so `era: '1.8'` leaves them out.
 */
export function realtimeChannels(change: Change, era: '1.8' | '1.9' = '1.9'): string[] {
  const channels: string[] = [];
  if (change.resource === 'row') {
    const db = change.databaseId ?? '';
    const table = change.tableId ?? '';
    const id = change.id;
    if (db && table && id) {
      channels.push(
        'documents',
        `databases.${db}.collections.${table}.documents`,
        `databases.${db}.collections.${table}.documents.${id}`,
        'rows',
        `databases.${db}.tables.${table}.rows`,
        `databases.${db}.tables.${table}.rows.${id}`,
      );
      if (era === '1.9') channels.push(`tablesdb.${db}.tables.${table}.rows`, `tablesdb.${db}.tables.${table}.rows.${id}`);
    }
  } else {
    const bucket = change.bucketId ?? '';
    channels.push('files', `buckets.${bucket}.files`, `buckets.${bucket}.files.${change.id}`);
  }
  if (era === '1.8') return unique(channels);
  const withActions = [...channels];
  for (const channel of channels) {
    const segments = channel.split('.');
    const leaf = segments[segments.length - 1] ?? '';
    const parent = segments[segments.length - 2] ?? '';
    if (ACTION_LEAVES.has(leaf) || ACTION_LEAVES.has(parent)) withActions.push(`${channel}.${change.action}`);
  }
  return unique(withActions);
}

/**
 * Whether Appwrite can ever fire `event` for a function. Used to warn at start-up about a
 * function that listens to a Realtime-only name.
 */
export function isRealtimeOnlyEvent(event: string): boolean {
  return event.startsWith('tablesdb.');
}
