import { isIP } from 'node:net';
import { AppwriteError } from '../core/errors.js';
import type { Column, Table } from '../schema/catalog.js';
import { formatDate } from '../store/ids.js';

// Checks a row against its table's columns as Appwrite's Structure validator does; the
// first problem becomes a 400 `row_invalid_structure` (`document_invalid_structure` on the
// legacy API) and nothing is written.

export type RowData = Record<string, unknown>;

export function structureError(legacy: boolean, detail: string): AppwriteError {
  return legacy
    ? new AppwriteError(400, 'document_invalid_structure', `Invalid document structure: ${detail}`)
    : new AppwriteError(400, 'row_invalid_structure', `Invalid row structure: ${detail}`);
}

/** Removes `$`-prefixed system keys a client may echo back (`$id`, `$createdAt`, …). */
export function stripSystemKeys(data: RowData): RowData {
  const out: RowData = {};
  for (const [k, v] of Object.entries(data)) if (!k.startsWith('$')) out[k] = v;
  return out;
}

/** Applies defaults (on create) and validates; returns the full stored data. */
export function validateRow(table: Table, data: RowData, legacy: boolean, applyDefaults: boolean): RowData {
  const noun = legacy ? 'attribute' : 'column';
  const byKey = new Map(table.columns.map((c) => [c.key, c]));
  for (const key of Object.keys(data)) {
    if (!byKey.has(key)) throw structureError(legacy, `Unknown ${noun}: "${key}"`);
  }
  const out: RowData = {};
  for (const column of table.columns) {
    let value = data[column.key];
    if (value === undefined && applyDefaults) value = column.default ?? null;
    if (value === undefined) value = null;
    if (value === null) {
      if (column.required) throw structureError(legacy, `Missing required ${noun} "${column.key}"`);
      out[column.key] = column.array ? null : null;
      continue;
    }
    if (column.array) {
      if (!Array.isArray(value)) throw structureError(legacy, `${noun} "${column.key}" must be an array`);
      out[column.key] = value.map((v, i) => checkValue(column, v, legacy, `${column.key}[${i}]`));
    } else {
      out[column.key] = checkValue(column, value, legacy, column.key);
    }
  }
  return out;
}

function checkValue(column: Column, value: unknown, legacy: boolean, label: string): unknown {
  const noun = legacy ? 'attribute' : 'column';
  const fail = (why: string) => structureError(legacy, `Invalid ${noun} "${label}": ${why}`);
  switch (column.type) {
    case 'string': {
      if (typeof value !== 'string') throw fail('Value must be a valid string');
      const size = column.size ?? (column.format === '' || column.format === undefined ? 255 : Infinity);
      if ([...value].length > size) throw fail(`Value must be a valid string and no longer than ${size} chars`);
      if (column.format === 'enum' && !(column.elements ?? []).includes(value)) {
        throw fail(`Value must be one of (${(column.elements ?? []).join(', ')})`);
      }
      if (column.format === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw fail('Value must be a valid email address');
      if (column.format === 'url' && !isUrl(value)) throw fail('Value must be a valid URL');
      if (column.format === 'ip' && isIP(value) === 0) throw fail('Value must be a valid IP address');
      return value;
    }
    case 'integer': {
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw fail('Value must be a valid integer');
      if (n < (column.min ?? -Infinity) || n > (column.max ?? Infinity)) throw fail(`Value must be a valid range between ${fmt(column.min)} and ${fmt(column.max)}`);
      return n;
    }
    case 'double': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw fail('Value must be a valid float');
      if (value < (column.min ?? -Infinity) || value > (column.max ?? Infinity)) throw fail(`Value must be a valid range between ${fmt(column.min)} and ${fmt(column.max)}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw fail('Value must be a valid boolean');
      return value;
    case 'datetime': {
      if (typeof value !== 'string') throw fail('Value must be valid date');
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) throw fail('Value must be valid date');
      return formatDate(date);
    }
    case 'relationship':
      return value;
  }
}

function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function fmt(n: number | undefined): string {
  return n === undefined ? '' : Math.abs(n) > 1e15 ? n.toExponential() : String(n);
}
