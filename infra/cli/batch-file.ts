import { extname } from 'node:path';
import type { NewVideo } from './studio.js';

/** The columns a batch row may set; anything else is a mistake worth naming. */
const COLUMNS = ['topic', 'description', 'quality', 'aspect_ratio', 'provider', 'max_scenes', 'priority'] as const;
const ALIASES: Record<string, (typeof COLUMNS)[number]> = { aspect: 'aspect_ratio', 'max-scenes': 'max_scenes' };

export class BatchFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchFileError';
  }
}

/**
 * A batch file: a topic per line, CSV with a header row (topic, description, quality,
 * aspect_ratio, provider, max_scenes, priority), or JSONL (one object per line with those keys). The
 * kind follows the extension (.csv, .jsonl/.ndjson), else the first line (`{` → JSONL).
 * Blank lines and lines starting with `#` are skipped in the plain and JSONL forms.
 */
export function parseBatchFile(text: string, fileName: string): NewVideo[] {
  const ext = extname(fileName).toLowerCase();
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  const rows = ext === '.csv' ? fromCsv(text)
    : ext === '.jsonl' || ext === '.ndjson' || first.startsWith('{') ? fromJsonl(text)
    : lines(text).map(({ text: topic }) => ({ topic }));
  if (rows.length === 0) throw new BatchFileError(`${fileName} has no topics`);
  return rows;
}

function lines(text: string): { n: number; text: string }[] {
  return text.split(/\r?\n/).map((t, i) => ({ n: i + 1, text: t.trim() })).filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

function fromJsonl(text: string): NewVideo[] {
  return lines(text).map(({ n, text: line }) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new BatchFileError(`line ${n} is not JSON`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BatchFileError(`line ${n} is not a JSON object`);
    return toVideo(value as Record<string, unknown>, `line ${n}`);
  });
}

function fromCsv(text: string): NewVideo[] {
  const records = csvRecords(text).filter((r) => r.some((cell) => cell.trim() !== ''));
  const [header, ...body] = records;
  if (!header) return [];
  const keys = header.map((h) => h.trim().toLowerCase());
  if (!keys.includes('topic')) throw new BatchFileError('the CSV header needs a "topic" column');
  return body.map((cells, i) => toVideo(Object.fromEntries(keys.map((k, j) => [k, cells[j] ?? ''])), `row ${i + 2}`));
}

function toVideo(raw: Record<string, unknown>, where: string): NewVideo {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const column = ALIASES[key] ?? key;
    if (!(COLUMNS as readonly string[]).includes(column)) throw new BatchFileError(`${where}: unknown column "${key}" (known: ${COLUMNS.join(', ')})`);
    if (value === '' || value === null || value === undefined) continue;
    out[column] = column === 'max_scenes' ? Number(value) : String(value);
  }
  if (typeof out.topic !== 'string' || !out.topic.trim()) throw new BatchFileError(`${where}: no topic`);
  if (out.max_scenes !== undefined && !Number.isInteger(out.max_scenes)) throw new BatchFileError(`${where}: max_scenes must be a whole number`);
  return out as NewVideo;
}

/** RFC 4180 records: quoted cells may hold commas, newlines and doubled quotes. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { record.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(cell); records.push(record); record = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || record.length) { record.push(cell); records.push(record); }
  return records;
}
