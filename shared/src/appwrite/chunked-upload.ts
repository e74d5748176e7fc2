import { Client, type Storage } from 'node-appwrite';
import type { InputFile } from 'node-appwrite/file';
import { isNotFound } from './services.js';

/** node-appwrite's chunk size, which Appwrite's chunk arithmetic assumes (5 MiB). */
export const CHUNK_SIZE = Client.CHUNK_SIZE;

export type Upload = { bucketId: string; fileId: string; file: InputFile; permissions: string[] };

/**
 * Uploads a file above one chunk one chunk at a time, each awaited before the next.
 *
 * node-appwrite 27's `createFile` sends chunk 1 and then chunks 2…n eight at a time. Appwrite
 * before 1.9.5 counts a file's chunks by read-modify-write of its document and finalises on
 * the count, so parallel chunks can lose a count (the upload never completes) or be refused
 * out of order; parallel finalisation and out-of-order chunks were fixed in 1.9.5
 * (appwrite/appwrite#12209 and #12138). In order, every version gets what it expects: the
 * first chunk creates the file, each next one (`x-appwrite-id`) adds one.
 *
 * Resumable: a file this id already holds in part (an earlier execution killed mid-upload)
 * goes on from its `chunksUploaded` — in-order chunks make that count the next index — and
 * a finished one answers `exists` without sending anything. A part left by other content
 * (another size) is deleted first, which Appwrite allows for an unfinished upload.
 */
export async function uploadInOrder(storage: Storage, upload: Upload): Promise<'created' | 'exists'> {
  const size = await upload.file.size();
  if (size <= CHUNK_SIZE) {
    await storage.createFile(upload);
    return 'created';
  }
  const chunks = Math.ceil(size / CHUNK_SIZE);
  const first = await resumeAt(storage, upload, size, chunks);
  if (first === null) return 'exists';
  const client = storage.client;
  const url = new URL(`${client.config.endpoint}/storage/buckets/${encodeURIComponent(upload.bucketId)}/files`);
  for (let index = first; index < chunks; index += 1) {
    const start = index * CHUNK_SIZE;
    const end = Math.min(start + CHUNK_SIZE, size);
    const headers: Record<string, string> = {
      'X-Appwrite-Project': client.config.project,
      'content-type': 'multipart/form-data',
      accept: 'application/json',
      'content-range': `bytes ${start}-${end - 1}/${size}`,
    };
    if (index > 0) headers['x-appwrite-id'] = upload.fileId;
    const part = new File([new Uint8Array(await upload.file.slice(start, end))], upload.file.filename);
    await client.call('post', url, headers, { fileId: upload.fileId, file: part, permissions: upload.permissions });
  }
  return 'created';
}

/** The chunk to send first, or null when the file is already whole. */
async function resumeAt(storage: Storage, upload: Upload, size: number, chunks: number): Promise<number | null> {
  let held;
  try {
    held = await storage.getFile({ bucketId: upload.bucketId, fileId: upload.fileId });
  } catch (err) {
    if (isNotFound(err)) return 0;
    throw err;
  }
  if (held.chunksUploaded >= held.chunksTotal) return null;
  if (held.sizeOriginal === size && held.chunksTotal === chunks) return held.chunksUploaded;
  await storage.deleteFile({ bucketId: upload.bucketId, fileId: upload.fileId });
  return 0;
}
