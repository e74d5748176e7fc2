import { tokenOf } from '../../shared/src/appwrite/file-tokens.js';
import { downloadUrl, fileUrl, type Backend, type BucketId } from './backend.js';

/** Where a stored file can be played and downloaded from this browser. */
export type FileLinks = { view: string; download: string };

/**
 * The file's links, built from its id with this browser's endpoint, plus the file token the
 * pipeline put in the row's stored URL. Nothing else of that URL is used: the row's owner can
 * write any URL into it (shared/src/limits/README.md), while the id names the file and a
 * token opens only the file it was made for. A `<video>` or a link cannot send SDK headers,
 * and on another registrable domain than the API neither can it send the session (Appwrite's
 * fallback cookies live in the SDK's storage, and third-party cookies may be blocked): the
 * token is what lets it play. Without one, the session cookie is all there is.
 */
export function fileLinks(backend: Backend, bucketId: BucketId, fileId: string | null | undefined, storedUrl?: string | null): FileLinks | null {
  if (!fileId) return null;
  const token = tokenOf(storedUrl);
  return { view: fileUrl(backend, bucketId, fileId, token), download: downloadUrl(backend, bucketId, fileId, token) };
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
