import { requireScope } from '../core/auth.js';
import { AppwriteError } from '../core/errors.js';
import { normalisePermissions } from '../core/permissions.js';
import type { Router } from '../core/router.js';
import type { Bucket, Catalog } from '../schema/catalog.js';
import { formatDate, resolveId } from '../store/ids.js';

// /v1/storage/buckets management (API key only), as `appwrite push buckets` calls it.
export function registerBucketRoutes(router: Router, catalog: Catalog): void {
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
      maximumFileSize: 30_000_000, allowedFileExtensions: [], compression: 'none', encryption: false, antivirus: false,
    };
    apply(bucket, ctx.body, ctx.auth);
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
    apply(bucket, ctx.body, ctx.auth);
    bucket.$updatedAt = formatDate();
    catalog.saveBucket(bucket);
    return bucket;
  });
  router.add('DELETE', '/v1/storage/buckets/:bucketId', (ctx) => {
    requireScope(ctx.auth, 'buckets.write');
    catalog.deleteBucket(ctx.params.bucketId!);
  });
}

function apply(bucket: Bucket, body: Record<string, unknown>, auth: Parameters<typeof normalisePermissions>[1]): void {
  if (typeof body.name === 'string' && body.name) bucket.name = body.name;
  if (body.permissions !== undefined && body.permissions !== null) bucket.$permissions = normalisePermissions(body.permissions, auth, true);
  if (typeof body.fileSecurity === 'boolean') bucket.fileSecurity = body.fileSecurity;
  if (typeof body.enabled === 'boolean') bucket.enabled = body.enabled;
  if (typeof body.maximumFileSize === 'number' && body.maximumFileSize > 0) bucket.maximumFileSize = body.maximumFileSize;
  if (Array.isArray(body.allowedFileExtensions)) bucket.allowedFileExtensions = body.allowedFileExtensions.map(String);
  if (typeof body.compression === 'string') bucket.compression = body.compression;
  if (typeof body.encryption === 'boolean') bucket.encryption = body.encryption;
  if (typeof body.antivirus === 'boolean') bucket.antivirus = body.antivirus;
}
