import type { BucketId, Store } from '../appwrite/store.js';
import { KEY_PRINCIPAL } from '../limits/ledger.js';

/**
 * Scene rows are writable by their owner (that is how a re-run is asked for), so a file id
 * read from a row is user input: pointing `code_file_id` or `video_file_id` at another
 * user's file would have the pipeline (which reads with its key) render or publish it.
 * A file is used only if the row's owner may read it anyway.
 */
export async function fileUsableFor(store: Store, bucket: BucketId, fileId: string, owner: string): Promise<boolean> {
  const readers = await store.fileReaders(bucket, fileId);
  if (readers === null) return false;
  // The key's own videos may use only files no user was given.
  if (owner === KEY_PRINCIPAL) return !readers.some((r) => r.includes('"user:'));
  return readers.includes(`read("user:${owner}")`);
}
