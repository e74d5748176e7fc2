import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, ID, Query, Storage } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../sdk-failure.js';
import { startLocalStack, type LocalStack } from '../server.js';

// A bucket's file list takes the queries the rows take, with the same meaning
// (tables/list-queries.ts over tables/filters.ts), through node-appwrite as a function sends them.
const CONFIG = resolve(import.meta.dirname, '../fixtures/conformance.appwrite.json');
let stack: LocalStack;
let dataDir: string;
let storage: Storage;
const bucketId = 'docs';
const ids: Record<string, string> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'la-list-files-'));
  stack = await startLocalStack({ port: 0, dataDir, configPath: CONFIG, quiet: true, schedules: false });
  storage = new Storage(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey));
  for (const [name, size] of [['alpha.txt', 3], ['beta.txt', 10], ['alphabet.txt', 5]] as const) {
    const file = await storage.createFile({ bucketId, fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.alloc(size, 'x'), name) });
    ids[name] = file.$id;
  }
});
afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const names = async (queries: string[], search?: string) =>
  (await storage.listFiles({ bucketId, queries, search })).files.map((f) => f.name);

describe('listing files', () => {
  it('filters, orders, pages and searches as the rows do', async () => {
    expect(await names([Query.startsWith('name', 'ALPHA'), Query.orderAsc('name')])).toEqual(['alpha.txt', 'alphabet.txt']);
    expect(await names([Query.greaterThan('sizeOriginal', 4), Query.orderDesc('sizeOriginal')])).toEqual(['beta.txt', 'alphabet.txt']);
    expect(await names([Query.orderAsc('sizeOriginal'), Query.cursorAfter(ids['alpha.txt']!), Query.limit(1)])).toEqual(['alphabet.txt']);
    expect(await names([Query.orderAsc('name')], 'bet')).toEqual(['alphabet.txt', 'beta.txt']);
    const { total, files } = await storage.listFiles({ bucketId, queries: [Query.limit(1)] });
    expect([total, files.length]).toEqual([3, 1]);
  });

  it('refuses what the database refuses, before listing anything', async () => {
    for (const query of [Query.notEqual('name', ['alpha.txt', 'beta.txt']), Query.lessThan('sizeOriginal', '5'), Query.equal('nickname', 'x')]) {
      expect(await failure(storage.listFiles({ bucketId, queries: [query] })), query).toMatchObject({ code: 400, type: 'general_query_invalid' });
    }
  });
});
