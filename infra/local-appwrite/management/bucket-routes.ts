import { requireScope } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import { normalisePermissions } from '../core/permissions.js';
import type { Router } from '../core/router.js';
import type { Bucket, Catalog } from '../schema/catalog.js';
import { ConfigError, type AppwriteConfig } from '../schema/config.js';
import { formatDate, resolveId } from '../store/ids.js';

/** Appwrite's default `_APP_STORAGE_LIMIT` (app/config/variables.php): 30 MB per file. */
export const DEFAULT_STORAGE_LIMIT = 30_000_000;

/**
 * A bucket's `maximumFileSize` must lie in 1…`_APP_STORAGE_LIMIT`: Appwrite validates the
 * parameter with `Range(1, _APP_STORAGE_LIMIT)` (app/controllers/api/storage.php), so
 * `appwrite push buckets` with a larger size is refused with this 400.
 */
export function checkMaximumFileSize(size: number, storageLimit: number): void {
  if (!Number.isInteger(size) || size < 1 || size > storageLimit) {
    throw new AppwriteError(400, 'general_argument_invalid', `Invalid \`maximumFileSize\` param: Value must be a valid range between 1 and ${storageLimit.toLocaleString('en-US')}`);
  }
}

/** appwrite.json's buckets must be ones Appwrite would accept: checked before the stack starts. */
export function checkConfigBuckets(config: AppwriteConfig, storageLimit: number): void {
  for (const bucket of config.buckets) {
    if (bucket.maximumFileSize > storageLimit) {
      throw new ConfigError(`appwrite.json bucket "${bucket.$id}": maximumFileSize ${bucket.maximumFileSize} is above the storage limit ${storageLimit} (_APP_STORAGE_LIMIT); Appwrite refuses such a bucket`);
    }
  }
}

// /v1/storage/buckets management (API key only), as `appwrite push buckets` calls it.
export function registerBucketRoutes(router: Router, catalog: Catalog, storageLimit: number): void {
  router.add('GET', '/v1/storage/buckets', (ctx) => {
    requireScope(ctx.auth, 'buckets.read');
    const buckets = catalog.listBuckets();
    return { total: buckets.length, buckets };
  });
  router.add('POST', '/v1/storage/buckets', (ctx) => {
    requireScope(ctx.auth, 'buckets.write');
    const id = resolveId(ctx.body.bucketId, 'bucketId');
    if (catalog.hasBucket(id)) throw new AppwriteError(409, 'storage_bucket_already_exists', 'A storage bucket with the requested ID already exists.');
    const now = formatDate();
    const bucket: Bucket = {
      $id: id, $createdAt: now, $updatedAt: now, $permissions: [], fileSecurity: false, name: id, enabled: true,
      maximumFileSize: storageLimit, allowedFileExtensions: [], compression: 'none', encryption: false, antivirus: false,
    };
    apply(bucket, ctx.body, ctx.auth, storageLimit);
    catalog.saveBucket(bucket);
    ctx.json(bucket, 201);
  });
  router.add('GET', '/v1/storage/buckets/:bucketId', (ctx) => {
    requireScope(ctx.auth, 'buckets.read');
    return catalog.getBucket(ctx.params.bucketId!);
  });
  router.add('PUT', '/v1/storage/buckets/:bucketId', (ctx) => {
    requireScope(ctx.auth, 'buckets.write');
    const bucket = { ...catalog.getBucket(ctx.params.bucketId!) };
    apply(bucket, ctx.body, ctx.auth, storageLimit);
    bucket.$updatedAt = formatDate();
    catalog.saveBucket(bucket);
    return bucket;
  });
  router.add('DELETE', '/v1/storage/buckets/:bucketId', (ctx) => {
    requireScope(ctx.auth, 'buckets.write');
    catalog.deleteBucket(ctx.params.bucketId!);
  });
}

function apply(bucket: Bucket, body: Record<string, unknown>, auth: Parameters<typeof normalisePermissions>[1], storageLimit: number): void {
  if (body.maximumFileSize !== undefined && body.maximumFileSize !== null) checkMaximumFileSize(Number(body.maximumFileSize), storageLimit);
  if (typeof body.name === 'string' && body.name) bucket.name = body.name;
  if (body.permissions !== undefined && body.permissions !== null) bucket.$permissions = normalisePermissions(body.permissions, auth, true);
  if (typeof body.fileSecurity === 'boolean') bucket.fileSecurity = body.fileSecurity;
  if (typeof body.enabled === 'boolean') bucket.enabled = body.enabled;
  if (body.maximumFileSize !== undefined && body.maximumFileSize !== null) bucket.maximumFileSize = Number(body.maximumFileSize);
  if (Array.isArray(body.allowedFileExtensions)) bucket.allowedFileExtensions = body.allowedFileExtensions.map(String);
  if (typeof body.compression === 'string') bucket.compression = body.compression;
  if (typeof body.encryption === 'boolean') bucket.encryption = body.encryption;
  if (typeof body.antivirus === 'boolean') bucket.antivirus = body.antivirus;
}
