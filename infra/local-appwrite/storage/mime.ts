import { extname } from 'node:path';

// Appwrite sniffs content types; the local stack maps by extension, which is all our files
// need (a `<video>` element needs `video/mp4`, code views need text).
const BY_EXTENSION: Record<string, string> = {
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', gif: 'image/gif', png: 'image/png', jpg: 'image/jpeg',
  jpeg: 'image/jpeg', webp: 'image/webp', svg: 'image/svg+xml', txt: 'text/plain', log: 'text/plain', py: 'text/x-python',
  json: 'application/json', md: 'text/markdown', csv: 'text/csv', pdf: 'application/pdf', gz: 'application/gzip',
  tar: 'application/x-tar', zip: 'application/zip', mp3: 'audio/mpeg', wav: 'audio/wav', html: 'text/html', js: 'text/javascript',
};

export function extensionOf(name: string): string {
  return extname(name).slice(1).toLowerCase();
}

export function mimeFor(name: string, declared: string): string {
  return BY_EXTENSION[extensionOf(name)] ?? (declared && declared !== 'application/octet-stream' ? declared : 'application/octet-stream');
}

/** Types a browser would run as active content are served as text, as Appwrite does. */
export function safeViewType(mime: string): string {
  return mime === 'text/html' || mime === 'image/svg+xml' || mime === 'text/javascript' ? 'text/plain' : mime;
}
