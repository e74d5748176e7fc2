import { downloadUrl, fileUrl, type Backend, type BucketId } from './backend.js';

/** Where a stored file can be played and downloaded from this browser. */
export type FileLinks = { view: string; download: string };

/**
 * The file's links, built from its id with this browser's endpoint. A row's stored URL is
 * never used: the row's owner can write any URL into it (shared/src/limits/README.md), while
 * an id only opens a file the browser's session may read. A `<video>` cannot send SDK
 * headers, so it relies on the session cookie, as Appwrite does.
 */
export function fileLinks(backend: Backend, bucketId: BucketId, fileId: string | null | undefined): FileLinks | null {
  return fileId ? { view: fileUrl(backend, bucketId, fileId), download: downloadUrl(backend, bucketId, fileId) } : null;
}

/** Point a player at a file, touching it only when the file changed so playback is kept. */
export function syncPlayer(player: HTMLVideoElement, url: string | null): void {
  const current = player.getAttribute('src');
  if (url === current) return;
  if (url) player.setAttribute('src', url);
  else {
    player.removeAttribute('src');
    player.load();
  }
}

/** Set a player's still (the scene's thumbnail or the video's poster), touching it only when it changed. */
export function syncPoster(player: HTMLVideoElement, url: string | null): void {
  if ((player.getAttribute('poster') ?? null) === url) return;
  if (url) player.setAttribute('poster', url);
  else player.removeAttribute('poster');
}

/** Point a picture at a file (or hide it when there is none), touching it only when it changed. */
export function syncImage(image: HTMLImageElement, url: string | null): void {
  image.hidden = !url;
  if ((image.getAttribute('src') ?? null) === url) return;
  if (url) image.setAttribute('src', url);
  else image.removeAttribute('src');
}
