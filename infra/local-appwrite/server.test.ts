import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStack } from './server.js';

// Start-up failures a newcomer meets first must say what is wrong and what to do.
const CONFIG = resolve(import.meta.dirname, 'fixtures/conformance.appwrite.json');
const dir = mkdtempSync(join(tmpdir(), 'la-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startLocalStack start-up errors', () => {
  it('names a broken appwrite.json and the field at fault', async () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ "tables": [');
    await expect(startLocalStack({ port: 0, dataDir: join(dir, 'a'), configPath: notJson, quiet: true })).rejects.toThrow(/broken\.json is not valid JSON/);
    const wrongShape = join(dir, 'shape.json');
    writeFileSync(wrongShape, JSON.stringify({ tables: [{ $id: 't' }] }));
    await expect(startLocalStack({ port: 0, dataDir: join(dir, 'b'), configPath: wrongShape, quiet: true })).rejects.toThrow(/shape\.json does not match .* at tables\.0\.databaseId/);
    await expect(startLocalStack({ port: 0, dataDir: join(dir, 'c'), configPath: join(dir, 'missing.json'), quiet: true })).rejects.toThrow(/cannot read .*missing\.json: ENOENT/);
  });

  it('says when the data directory cannot be used', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    await expect(startLocalStack({ port: 0, dataDir: join(file, 'data'), configPath: CONFIG, quiet: true })).rejects.toThrow(/data directory .* is not writable .*APPWRITE_DATA_DIR/);
  });

  it('says when the port is taken, and leaves the first stack serving', async () => {
    const first = await startLocalStack({ port: 0, dataDir: join(dir, 'first'), configPath: CONFIG, quiet: true, schedules: false });
    try {
      await expect(startLocalStack({ port: first.port, dataDir: join(dir, 'second'), configPath: CONFIG, quiet: true, schedules: false })).rejects.toThrow(
        new RegExp(`port ${first.port} .* already in use`),
      );
      expect((await fetch(`${first.endpoint}/health/version`)).status).toBe(200);
    } finally {
      await first.close();
    }
  });
});
