import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, ID, Storage } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../infra/local-appwrite/server.js';
import { ownedFileName } from '../domain/file-owner.js';
import { CHUNK_SIZE } from './chunked-upload.js';
import { createServices } from './services.js';
import { createStore, type Store } from './store.js';

// The Store adapter's file write (what the functions call) against the local server, through
// a proxy that watches the chunk requests on the wire: how many are in flight at once, which
// ranges arrive, and (once) a dropped one. The project's own buckets, without its functions.
const bucketId = 'clips';
let stack: LocalStack;
let dataDir: string;
let proxy: Server;
let store: Store;
let storage: Storage;
let direct: Storage;
const wire = { inFlight: 0, peak: 0, ranges: [] as string[], dropRange: '' };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'chunked-upload-'));
  const project = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../appwrite.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dataDir, 'appwrite.json'), JSON.stringify({ ...project, functions: [] }));
  stack = await startLocalStack({ port: 0, dataDir: join(dataDir, 'data'), configPath: join(dataDir, 'appwrite.json'), quiet: true, schedules: false });
  const target = new URL(stack.endpoint);
  proxy = createServer((req, res) => {
    const chunk = req.method === 'POST' && req.headers['content-range'] !== undefined;
    if (chunk && req.headers['content-range'] === wire.dropRange) {
      wire.dropRange = '';
      req.resume();
      req.on('end', () => res.destroy());
      return;
    }
    if (chunk) {
      wire.ranges.push(String(req.headers['content-range']));
      wire.inFlight += 1;
      wire.peak = Math.max(wire.peak, wire.inFlight);
    }
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => { if (chunk) wire.inFlight -= 1; });
    });
    req.pipe(upstream);
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${target.pathname}`;
  const services = createServices({ endpoint, projectId: stack.projectId, key: stack.apiKey });
  store = createStore(services, { endpoint, projectId: stack.projectId, databaseId: 'studio' });
  storage = services.storage;
  direct = new Storage(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey));
});
afterAll(async () => {
  await new Promise((done) => proxy?.close(done));
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => Object.assign(wire, { inFlight: 0, peak: 0, ranges: [], dropRange: '' }));

const SIZE = 3 * CHUNK_SIZE + 12_345;
const range = (index: number) => `bytes ${index * CHUNK_SIZE}-${Math.min((index + 1) * CHUNK_SIZE, SIZE) - 1}/${SIZE}`;
const stored = async (fileId: string) => Buffer.from(await direct.getFileDownload({ bucketId, fileId }));
const upload = (fileId: string, bytes: Buffer) => store.putFile(bucketId, fileId, bytes, ownedFileName('v1', 'clip.mp4'), []);

describe('uploads above one chunk', () => {
  it('send one chunk at a time, in order, and arrive whole', async () => {
    const bytes = randomBytes(SIZE);
    const fileId = ID.unique();
    expect(await upload(fileId, bytes)).toBe('created');
    expect(wire.ranges).toEqual([0, 1, 2, 3].map(range));
    expect(wire.peak).toBe(1);
    expect((await stored(fileId)).equals(bytes)).toBe(true);
  });

  it('go on from the chunks that arrived after a dropped request, and a whole file is not sent again', async () => {
    const bytes = randomBytes(SIZE);
    const fileId = ID.unique();
    wire.dropRange = range(2); // the third chunk is lost on the way, its answer never comes
    await expect(upload(fileId, bytes)).rejects.toThrow();
    expect((await direct.getFile({ bucketId, fileId })).chunksUploaded).toBe(2);
    wire.ranges = [];
    expect(await upload(fileId, bytes)).toBe('created');
    expect(wire.ranges).toEqual([2, 3].map(range));
    expect((await stored(fileId)).equals(bytes)).toBe(true);
    wire.ranges = [];
    expect(await upload(fileId, bytes)).toBe('exists');
    expect(wire.ranges).toEqual([]);
  });

  it('start over when the part an earlier upload left holds other content (another size)', async () => {
    const fileId = ID.unique();
    wire.dropRange = range(1);
    await expect(upload(fileId, randomBytes(SIZE))).rejects.toThrow();
    const other = randomBytes(2 * CHUNK_SIZE + 1);
    wire.ranges = [];
    expect(await upload(fileId, other)).toBe('created');
    expect(wire.ranges[0]).toBe(`bytes 0-${CHUNK_SIZE - 1}/${other.length}`);
    expect((await stored(fileId)).equals(other)).toBe(true);
  });

  it('are sent in parallel by the SDK alone, which is what this avoids', async () => {
    await storage.createFile({ bucketId, fileId: ID.unique(), file: InputFile.fromBuffer(randomBytes(SIZE), 'clip.mp4') });
    expect(wire.ranges).toHaveLength(4);
    expect(wire.peak).toBeGreaterThan(1);
  });
});
