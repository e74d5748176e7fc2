import type { Tokens } from 'node-appwrite';

/**
 * A file token's secret for one file: a token of the file without an expiry is reused, or one
 * is made. A media URL carrying it (`?token=`) opens that one file with no session: a `<video>`
 * or a download link on another registrable domain than the API cannot send Appwrite's
 * fallback cookies, and browsers that block third-party cookies never send its session cookie.
 * Appwrite 1.8.1 guards listing with `tokens.read` and creating with `tokens.write`
 * (Modules/Tokens/Http/Tokens/Buckets/Files/XList.php and Create.php); only keys hold them.
 */
export async function fileTokenSecret(tokens: Tokens, bucketId: string, fileId: string): Promise<string> {
  const listed = await tokens.list({ bucketId, fileId });
  const lasting = listed.tokens.find((t) => !t.expire && t.secret);
  if (lasting) return lasting.secret;
  return (await tokens.createFileToken({ bucketId, fileId })).secret;
}

/** The URL with the token added as its `token` parameter. */
export function withToken(url: string, secret: string): string {
  const u = new URL(url);
  u.searchParams.set('token', secret);
  return u.toString();
}

/** Three base64url parts, as a JWT has: what a token parameter must look like to be passed on. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * The token a stored media URL carries, if it looks like one. Only the token is taken from a
 * row's URL (its owner can write any URL there): the file it opens is named by the row's file
 * id, and a token opens only the file it was made for.
 */
export function tokenOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const token = new URL(url).searchParams.get('token');
    return token && token.length <= 4096 && JWT_SHAPE.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}
