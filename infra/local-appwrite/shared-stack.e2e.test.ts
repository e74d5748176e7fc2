import { Client, Storage, TablesDB } from 'node-appwrite';
import { describe, expect, inject, it } from 'vitest';

// The one stack the global setup starts for every e2e suite: it serves this repository's
// appwrite.json and hands suites what they need to reach it.
const stack = inject('stack');

describe('shared e2e stack', () => {
  it('serves the project schema from appwrite.json to the provided key', async () => {
    const client = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
    const tables = await new TablesDB(client).listTables({ databaseId: 'studio' });
    expect(tables.tables.map((t) => t.$id).sort()).toEqual(['locks', 'scenes', 'videos']);
    const buckets = await new Storage(client).listBuckets();
    expect(buckets.buckets.map((b) => b.$id).sort()).toEqual(['audio', 'clips', 'code', 'finals', 'logs']);
    expect(stack.dataDir).toBeTruthy();
  });

  it('refuses the same calls without the key', async () => {
    const guest = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId);
    await expect(new TablesDB(guest).listTables({ databaseId: 'studio' })).rejects.toMatchObject({ code: 401 });
  });
});
