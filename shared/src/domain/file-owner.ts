/**
 * Which video a stored file belongs to. Appwrite files carry no metadata but a name, so every
 * file the pipeline stores is named `<videoId>~<name>`: deletion and retention find a video's
 * files in any bucket by that prefix (a `startsWith` query on `name`, then an exact check
 * here), whatever kind of file a stage adds later. `~` never occurs in an Appwrite id, so the
 * prefix of one video is never the prefix of another; `/` would be shorter to read, but an
 * upload's file name loses everything up to its last `/` (PHP's `$_FILES`, busboy).
 */
const SEPARATOR = '~';

declare const owned: unique symbol;
export type OwnedFileName = string & { readonly [owned]: true };

export function ownedFileName(videoId: string, name: string): OwnedFileName {
  return `${fileOwnerPrefix(videoId)}${name}` as OwnedFileName;
}

export function fileOwnerPrefix(videoId: string): string {
  if (!videoId || videoId.includes(SEPARATOR)) throw new Error(`not a video id: "${videoId}"`);
  return `${videoId}${SEPARATOR}`;
}

/** The video a stored file name says it belongs to, or null for a file of no video. */
export function fileOwnerOf(fileName: string): string | null {
  const slash = fileName.indexOf(SEPARATOR);
  return slash > 0 ? fileName.slice(0, slash) : null;
}

/** The name to save a download under (the part after the owner). */
export function fileBaseName(fileName: string): string {
  return fileName.slice(fileName.indexOf(SEPARATOR) + 1);
}
