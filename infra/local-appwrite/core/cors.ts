import type { IncomingMessage, ServerResponse } from 'node:http';

// CORS as Appwrite answers it: the request's Origin echoed, credentials allowed, and its
// own header lists (so the web SDK's cookies and custom headers pass from a dashboard on
// another origin).
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = [
  'Origin', 'Cookie', 'Set-Cookie', 'X-Requested-With', 'Content-Type', 'Access-Control-Allow-Origin',
  'Access-Control-Request-Headers', 'Accept', 'X-Appwrite-Project', 'X-Appwrite-Key', 'X-Appwrite-Dev-Key',
  'X-Appwrite-Locale', 'X-Appwrite-Mode', 'X-Appwrite-JWT', 'X-Appwrite-Response-Format', 'X-Appwrite-Timeout',
  'X-SDK-Version', 'X-SDK-Name', 'X-SDK-Language', 'X-SDK-Platform', 'X-SDK-GraphQL', 'X-Appwrite-ID',
  'X-Appwrite-Timestamp', 'Content-Range', 'Range', 'Cache-Control', 'Expires', 'Pragma', 'X-Appwrite-Session',
  'X-Fallback-Cookies', 'X-Forwarded-For', 'X-Forwarded-User-Agent',
].join(', ');
const EXPOSE_HEADERS = 'X-Appwrite-Session, X-Fallback-Cookies';

export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
  res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
}
