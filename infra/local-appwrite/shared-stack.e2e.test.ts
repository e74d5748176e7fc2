import { readFileSync } from 'node:fs';
import { Client, Storage, TablesDB } from 'node-appwrite';
import { describe, expect, inject, it } from 'vitest';

// The one stack the global setup starts for every e2e suite: it serves this repository's
// appwrite.json and hands suites what they need to reach it.
const stack = inject('stack');
const project = JSON.parse(readFileSync(new URL('../../appwrite.json', import.meta.url), 'utf8')) as { tables: { $id: string }[]; buckets: { $id: string }[] };
const ids = (items: { $id: string }[]) => items.map((i) => i.$id).sort();

describe('shared e2e stack', () => {
  it('serves the project schema from appwrite.json to the provided key', async () => {
    const client = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
    const tables = await new TablesDB(client).listTables({ databaseId: 'studio' });
    expect(ids(tables.tables)).toEqual(ids(project.tables));
    expect(ids(tables.tables)).toContain('videos');
    const buckets = await new Storage(client).listBuckets();
    expect(ids(buckets.buckets)).toEqual(ids(project.buckets));
    expect(ids(buckets.buckets)).toContain('finals');
    expect(stack.dataDir).toBeTruthy();
  });

  it('refuses the same calls without the key', async () => {
    const guest = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId);
    await expect(new TablesDB(guest).listTables({ databaseId: 'studio' })).rejects.toMatchObject({ code: 401 });
  });
});
