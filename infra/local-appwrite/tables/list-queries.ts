import { AppwriteError } from '../core/errors.js';
import { checkFilter, compareValues, matchesFilter, queryInvalid, type FieldSpec, type QueryJson as Query } from './filters.js';

// List queries for the in-memory collections (executions, functions, deployments,
// variables, files), parsed by the tables' `parseQueries` and applied in memory — these lists are
// small, unlike rows. Filters mean what they mean on the rows: `tables/filters.ts`.

type Doc = Record<string, unknown>;

/** Applies filters, order, cursor, offset and limit; `total` counts the filtered set. */
export function applyQueries<D extends Doc>(docs: D[], queries: Query[], search?: string): { total: number; documents: D[] } {
  let out = docs;
  const specOf = specsOf(docs);
  if (search) {
    const needle = search.toLowerCase();
    out = out.filter((d) => Object.values(d).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle)));
  }
  let limit = 25;
  let offset = 0;
  let cursor: { id: string; after: boolean } | undefined;
  const orders: { attr: string; desc: boolean }[] = [];
  for (const q of queries) {
    const values = q.values ?? [];
    const attr = q.attribute ?? '';
    switch (q.method) {
      case 'limit':
        limit = Number(values[0] ?? 25);
        break;
      case 'offset':
        offset = Number(values[0] ?? 0);
        break;
      case 'orderAsc':
      case 'orderDesc':
        orders.push({ attr: attr || '$sequence', desc: q.method === 'orderDesc' });
        break;
      case 'cursorAfter':
      case 'cursorBefore':
        cursor = { id: String(values[0] ?? ''), after: q.method === 'cursorAfter' };
        break;
      case 'select':
        break;
      default:
        checkFilter(q, specOf);
        out = out.filter((d) => matchesFilter(q, d, specOf));
    }
  }
  if (orders.length > 0) {
    out = [...out].sort((a, b) => {
      for (const { attr, desc } of orders) {
        const c = compareValues(a[attr], b[attr]);
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    });
  }
  const total = out.length;
  if (cursor) {
    const index = out.findIndex((d) => d.$id === cursor!.id);
    if (index < 0) throw new AppwriteError(400, 'general_cursor_not_found', `Cursor not found: ${cursor.id}`);
    out = cursor.after ? out.slice(index + 1) : out.slice(0, index);
  }
  return { total, documents: out.slice(offset, offset + limit) };
}

/**
 * These collections have no schema here, so it is read off the documents (all of one shape):
 * an attribute none of them has is refused as not in the schema, and a value of another type
 * than the attribute's first non-empty value is refused as Appwrite's validator refuses it
 * (a number is a double: integer and double attributes cannot be told apart; a date-shaped
 * string is a datetime).
 */
function specsOf(docs: Doc[]): (attribute: string) => FieldSpec | undefined {
  const cache = new Map<string, FieldSpec | undefined>();
  return (attribute) => {
    if (!cache.has(attribute)) {
      if (docs.length > 0 && !docs.some((d) => Object.hasOwn(d, attribute))) throw queryInvalid(`Attribute not found in schema: ${attribute}`);
      const sample = docs.map((d) => d[attribute]).find((v) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0));
      cache.set(attribute, sample === undefined ? undefined : specOfValue(sample));
    }
    return cache.get(attribute);
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

function specOfValue(value: unknown): FieldSpec | undefined {
  const element = Array.isArray(value) ? value.find((v) => v !== null) : value;
  const array = Array.isArray(value);
  if (typeof element === 'boolean') return { type: 'boolean', array };
  if (typeof element === 'number') return { type: 'double', array };
  if (typeof element === 'string') return { type: DATE.test(element) ? 'datetime' : 'string', array };
  return undefined;
}
