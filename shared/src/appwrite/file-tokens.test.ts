import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, ID, Storage, Tokens } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../infra/local-appwrite/server.js';
import { fileTokenSecret, tokenOf, withToken } from './file-tokens.js';
import { fileViewUrl } from './store.js';

// The media URL's token, made through node-appwrite against the local server, and opened as a
// `<video>` on another domain opens it: plain HTTP, no session, no key.
const CONFIG = resolve(import.meta.dirname, '../../../infra/local-appwrite/fixtures/conformance.appwrite.json');
let stack: LocalStack;
let dataDir: string;
let tokens: Tokens;
let storage: Storage;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'file-token-urls-'));
  stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, quiet: true, schedules: false });
  const admin = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
  tokens = new Tokens(admin);
  storage = new Storage(admin);
});
afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A file no one but a key may read. */
async function privateFile(body: string): Promise<string> {
  const fileId = ID.unique();
  await storage.createFile({ bucketId: 'docs', fileId, file: InputFile.fromBuffer(Buffer.from(body), 'a.txt'), permissions: [] });
  return fileId;
}

describe('media URLs with a file token', () => {
  it('open their one file with no session, and one lasting token serves every URL of the file', async () => {
    const fileId = await privateFile('clip bytes');
    const plain = fileViewUrl(stack.endpoint, stack.projectId, 'docs', fileId);
    expect((await fetch(plain)).status).toBe(404);

    const secret = await fileTokenSecret(tokens, 'docs', fileId);
    const answer = await fetch(withToken(plain, secret));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('clip bytes');
    // Asked again (a re-run, a retried write), the same token comes back: no token per write.
    expect(await fileTokenSecret(tokens, 'docs', fileId)).toBe(secret);
    expect((await tokens.list({ bucketId: 'docs', fileId })).total).toBe(1);

    // It opens only its own file.
    const other = await privateFile('someone else');
    expect((await fetch(withToken(fileViewUrl(stack.endpoint, stack.projectId, 'docs', other), secret))).ok).toBe(false);
  });

  it('do not reuse a token that expires: a stored URL must keep playing', async () => {
    const fileId = await privateFile('x');
    const expiring = await tokens.createFileToken({ bucketId: 'docs', fileId, expire: new Date(Date.now() + 3600_000).toISOString() });
    const secret = await fileTokenSecret(tokens, 'docs', fileId);
    expect(secret).not.toBe(expiring.secret);
    const listed = (await tokens.list({ bucketId: 'docs', fileId })).tokens;
    expect(listed.find((t) => t.secret === secret)?.expire ?? null).toBeNull();
  });

  it('give up only a JWT-shaped token from a stored URL, whatever else the URL holds', () => {
    const jwt = 'eyJ0eXAiOiJKV1QifQ.eyJ0b2tlbklkIjoiYSJ9.c2ln';
    expect(tokenOf(`https://api.example/v1/storage/buckets/clips/files/f/view?project=p&token=${jwt}`)).toBe(jwt);
    expect(tokenOf(`https://elsewhere.example/x.mp4?token=${jwt}`)).toBe(jwt);
    expect(tokenOf('https://api.example/v1/storage/buckets/clips/files/f/view?project=p')).toBeUndefined();
    expect(tokenOf('https://api.example/x?token=%22%3E%3Cscript%3E')).toBeUndefined();
    expect(tokenOf('not a url')).toBeUndefined();
    expect(tokenOf(null)).toBeUndefined();
  });
});
