import { Query, type Models, type Storage } from 'node-appwrite';
import { fileOwnerOf, fileOwnerPrefix } from '../domain/file-owner.js';
import { isNotFound } from './services.js';

const PAGE = 100;

/** Every bucket of the project, so a bucket a later stage adds is cleaned too. */
export async function listBucketIds(storage: Storage): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await storage.listBuckets({ queries: [Query.limit(PAGE), Query.offset(offset)] });
    ids.push(...page.buckets.map((b) => b.$id));
    if (page.buckets.length < PAGE) return ids;
  }
}

/**
 * The files of one video in one bucket (named `<videoId>~…`, see domain/file-owner.ts). The
 * server's `startsWith` may match more than the prefix (an SQL LIKE), so each name is checked
 * here again: a file of another video is never returned.
 */
export async function listVideoFiles(storage: Storage, bucketId: string, videoId: string): Promise<Models.File[]> {
  const out: Models.File[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await storage.listFiles({
      bucketId,
      queries: [Query.startsWith('name', fileOwnerPrefix(videoId)), Query.limit(PAGE), ...(cursor ? [Query.cursorAfter(cursor)] : [])],
    });
    out.push(...page.files.filter((f) => fileOwnerOf(f.name) === videoId));
    if (page.files.length < PAGE) return out;
    cursor = page.files[page.files.length - 1]?.$id;
  }
}

/** Deletes a file; one already gone counts as deleted. */
export async function deleteFile(storage: Storage, bucketId: string, fileId: string): Promise<void> {
  try {
    await storage.deleteFile({ bucketId, fileId });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
