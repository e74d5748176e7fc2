import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, ID, Permission, Role, Storage, Tokens, Users } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../sdk-failure.js';
import { startLocalStack, type LocalStack } from '../server.js';

// File tokens through node-appwrite's Tokens service against the local server, and the
// `?token=` read over plain HTTP as a `<video>` would make it (no session, no key).
const CONFIG = resolve(import.meta.dirname, '../fixtures/conformance.appwrite.json');
const KEYS = { filesOnly: ['files.read', 'files.write'], tokensOnly: ['tokens.read', 'tokens.write'] };
let stack: LocalStack;
let dataDir: string;
let admin: Client;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'la-tokens-'));
  stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, quiet: true, schedules: false, apiKeys: KEYS });
  admin = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
});
afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const keyClient = (key: string) => new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(key);

/** An owner-only file in the `docs` bucket (file security on, no bucket read). */
async function ownerFile(body = 'private bytes'): Promise<{ fileId: string; userId: string }> {
  const user = await new Users(admin).create({ userId: ID.unique(), email: `${ID.unique()}@example.com`, password: 'password123' });
  const fileId = ID.unique();
  await new Storage(admin).createFile({ bucketId: 'docs', fileId, file: InputFile.fromBuffer(Buffer.from(body), 'a.txt'), permissions: [Permission.read(Role.user(user.$id))] });
  return { fileId, userId: user.$id };
}

const view = (fileId: string, token?: string) =>
  fetch(`${stack.endpoint}/storage/buckets/docs/files/${fileId}/view?project=${stack.projectId}${token === undefined ? '' : `&token=${encodeURIComponent(token)}`}`);

describe('file tokens', () => {
  it('a token opens its owner-only file to a request with no session, as Appwrite does', async () => {
    const { fileId } = await ownerFile();
    expect((await view(fileId)).status).toBe(404);
    const token = await new Tokens(admin).createFileToken({ bucketId: 'docs', fileId });
    expect(token).toMatchObject({ resourceId: `docs:${fileId}`, resourceType: 'files', expire: null, accessedAt: '' });
    const [head, payload] = token.secret.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(head).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(payload).toMatchObject({ tokenId: token.$id, resourceId: `docs:${fileId}`, resourceType: 'files' });
    const answer = await view(fileId, token.secret);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('private bytes');
    const ranged = await fetch(`${stack.endpoint}/storage/buckets/docs/files/${fileId}/download?project=${stack.projectId}&token=${token.secret}`, { headers: { range: 'bytes=0-6' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('private');
    expect((await new Tokens(admin).get({ tokenId: token.$id })).accessedAt).not.toBe('');
  });

  it('a forged, unknown, deleted, expired or other-file token grants nothing', async () => {
    const { fileId } = await ownerFile();
    const other = await ownerFile();
    const tokens = new Tokens(admin);
    const token = await tokens.createFileToken({ bucketId: 'docs', fileId, expire: new Date(Date.now() + 3_600_000).toISOString() });
    const [h, p] = token.secret.split('.');
    expect((await view(fileId, `${h}.${p}.${Buffer.from('forged').toString('base64url')}`)).status).toBe(404);
    expect((await view(fileId, 'not-a-jwt')).status).toBe(404);
    // A token of another file of the same bucket is refused outright (storage.php: fileInternalId check).
    expect((await view(other.fileId, token.secret)).status).toBe(401);
    // Expired by update: the stored expiry is checked, not only the JWT's.
    const later = await tokens.update({ tokenId: token.$id, expire: new Date(Date.now() + 2_000).toISOString() });
    expect(later.expire).not.toBe(token.expire);
    expect((await view(fileId, later.secret)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await view(fileId, later.secret)).status).toBe(404);
    const fresh = await tokens.createFileToken({ bucketId: 'docs', fileId });
    await tokens.delete({ tokenId: fresh.$id });
    expect((await view(fileId, fresh.secret)).status).toBe(404);
    expect(await failure(tokens.get({ tokenId: fresh.$id }))).toMatchObject({ code: 404, type: 'token_not_found' });
  });

  it('a token does not open a file deleted and created again under the same id', async () => {
    const { fileId, userId } = await ownerFile('first');
    const token = await new Tokens(admin).createFileToken({ bucketId: 'docs', fileId });
    const storage = new Storage(admin);
    await storage.deleteFile({ bucketId: 'docs', fileId });
    await storage.createFile({ bucketId: 'docs', fileId, file: InputFile.fromBuffer(Buffer.from('second'), 'a.txt'), permissions: [Permission.read(Role.user(userId))] });
    expect((await view(fileId, token.secret)).status).toBe(401);
  });

  it('lists a file\'s tokens, and refuses what Appwrite refuses', async () => {
    const { fileId } = await ownerFile();
    const tokens = new Tokens(keyClient('tokensOnly'));
    const a = await tokens.createFileToken({ bucketId: 'docs', fileId });
    const listed = await tokens.list({ bucketId: 'docs', fileId });
    expect(listed.total).toBe(1);
    expect(listed.tokens[0]).toMatchObject({ $id: a.$id, secret: a.secret });
    expect(await failure(new Tokens(keyClient('filesOnly')).createFileToken({ bucketId: 'docs', fileId }))).toMatchObject({
      code: 401, type: 'general_unauthorized_scope', message: 'app (role: applications) missing scopes (["tokens.write"])',
    });
    expect(await failure(tokens.createFileToken({ bucketId: 'docs', fileId, expire: new Date(Date.now() - 1000).toISOString() }))).toMatchObject({ code: 400, type: 'general_argument_invalid' });
    expect(await failure(tokens.createFileToken({ bucketId: 'docs', fileId: 'missing' }))).toMatchObject({ code: 404, type: 'storage_file_not_found' });
    expect((await tokens.list({ bucketId: 'docs', fileId })).total).toBe(1);
    // The users role holds no tokens.* scope (app/config/roles.php): a session cannot mint one, even for its own file.
    const users = new Users(admin);
    const user = await users.create({ userId: ID.unique(), email: `${ID.unique()}@example.com`, password: 'password123' });
    const own = ID.unique();
    await new Storage(admin).createFile({ bucketId: 'docs', fileId: own, file: InputFile.fromBuffer(Buffer.from('x'), 'a.txt'), permissions: [Permission.read(Role.user(user.$id)), Permission.update(Role.user(user.$id))] });
    const session = await users.createSession({ userId: user.$id });
    const asUser = new Tokens(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setSession(session.secret));
    expect(await failure(asUser.createFileToken({ bucketId: 'docs', fileId: own }))).toMatchObject({ code: 401, type: 'general_unauthorized_scope' });
  });
});
