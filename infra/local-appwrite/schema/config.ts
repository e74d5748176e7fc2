import { readFileSync } from 'node:fs';
import { z } from 'zod';

// appwrite.json, the file `appwrite push` deploys and this stack reads. Only the parts the
// stack serves are checked strictly; everything else passes through untouched.

export const ColumnDef = z
  .object({
    key: z.string().min(1).max(255),
    type: z.enum(['string', 'varchar', 'text', 'mediumtext', 'longtext', 'integer', 'double', 'float', 'boolean', 'datetime', 'email', 'url', 'ip', 'enum', 'relationship', 'point', 'line', 'polygon']),
    required: z.boolean().default(false),
    array: z.boolean().default(false),
    size: z.number().int().optional(),
    min: z.number().nullable().optional(),
    max: z.number().nullable().optional(),
    format: z.string().nullable().optional(),
    elements: z.array(z.string()).optional(),
    default: z.unknown().optional(),
    status: z.string().optional(),
    error: z.string().optional(),
  })
  .passthrough();
export type ColumnDef = z.infer<typeof ColumnDef>;

export const IndexDef = z
  .object({
    key: z.string().min(1),
    type: z.enum(['key', 'unique', 'fulltext', 'spatial']),
    columns: z.array(z.string()).optional(),
    attributes: z.array(z.string()).optional(),
    orders: z.array(z.string().nullable()).optional(),
    lengths: z.array(z.number().nullable()).optional(),
    status: z.string().optional(),
  })
  .passthrough();
export type IndexDef = z.infer<typeof IndexDef>;

export const TableDef = z
  .object({
    $id: z.string().min(1),
    $permissions: z.array(z.string()).default([]),
    databaseId: z.string().min(1),
    name: z.string().default(''),
    enabled: z.boolean().default(true),
    rowSecurity: z.boolean().optional(),
    documentSecurity: z.boolean().optional(),
    columns: z.array(ColumnDef).optional(),
    attributes: z.array(ColumnDef).optional(),
    indexes: z.array(IndexDef).default([]),
  })
  .passthrough();
export type TableDef = z.infer<typeof TableDef>;

export const DatabaseDef = z.object({ $id: z.string().min(1), name: z.string().default(''), enabled: z.boolean().default(true) }).passthrough();
export type DatabaseDef = z.infer<typeof DatabaseDef>;

export const BucketDef = z
  .object({
    $id: z.string().min(1),
    $permissions: z.array(z.string()).default([]),
    fileSecurity: z.boolean().default(false),
    name: z.string().default(''),
    enabled: z.boolean().default(true),
    maximumFileSize: z.number().int().positive().default(30_000_000),
    allowedFileExtensions: z.array(z.string()).default([]),
    compression: z.string().default('none'),
    encryption: z.boolean().default(false),
    antivirus: z.boolean().default(false),
  })
  .passthrough();
export type BucketDef = z.infer<typeof BucketDef>;

export const AppwriteConfig = z
  .object({
    projectId: z.string().default('local'),
    projectName: z.string().optional(),
    tablesDB: z.array(DatabaseDef).default([]),
    databases: z.array(DatabaseDef).default([]),
    tables: z.array(TableDef).default([]),
    collections: z.array(TableDef).default([]),
    buckets: z.array(BucketDef).default([]),
    functions: z.array(z.object({ $id: z.string().min(1) }).passthrough()).default([]),
  })
  .passthrough();
export type AppwriteConfig = z.infer<typeof AppwriteConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks appwrite.json; the error names the file and the broken field. */
export function loadConfig(path: string): AppwriteConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = AppwriteConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${path} does not match the appwrite.json schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
