import type { BucketId, Store } from '../appwrite/store.js';

/**
 * Scene rows are writable by their owner (that is how a re-run is asked for), so a file id
 * read from a row is user input: pointing `code_file_id` or `video_file_id` at another
 * user's file would have the pipeline (which reads with its key) render or publish it.
 * A file is used only if the row's owner may read it anyway.
 */
export async function fileUsableFor(store: Store, bucket: BucketId, fileId: string, owner: string | null): Promise<boolean> {
  const readers = await store.fileReaders(bucket, fileId);
  if (readers === null) return false;
  if (owner === null) return readers.length === 0;
  return readers.includes(`read("user:${owner}")`);
}
