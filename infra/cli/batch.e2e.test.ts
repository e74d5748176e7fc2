import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Query, Storage, TablesDB } from 'node-appwrite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCliProcess } from './cli-process.js';
import { ExitCode } from './failures.js';

// Issue 13, batches: `explainer batch FILE -o DIR` against the shared local stack, as a user runs it.
const stack = inject('stack');
const dir = mkdtempSync(join(tmpdir(), 'cli-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('explainer batch', () => {
  it('makes a batch of 5 from a JSONL file under one batch id and saves 5 playable MP4s', async () => {
    const topics = ['Binary search', 'Bubble sort', 'Stacks and queues', 'Hash tables', 'Prime numbers'];
    const file = join(dir, 'topics.jsonl');
    writeFileSync(file, topics.map((topic) => JSON.stringify({ topic, description: `What ${topic.toLowerCase()} are.`, provider: 'offline', max_scenes: 1 })).join('\n'));
    const out = join(dir, 'videos');
    const run = await runCliProcess(['batch', file, '-o', out], stack, join(dir, 'state'));
    expect(run.code, run.stderr + run.stdout).toBe(ExitCode.ok);

    const batchId = /^batch (\S+): 5 videos$/m.exec(run.stdout)?.[1];
    expect(batchId).toBeTruthy();
    const tables = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey));
    const rows = (await tables.listRows({ databaseId: 'studio', tableId: 'videos', queries: [Query.equal('batch_id', batchId!), Query.limit(10)] })).rows;
    expect(rows.map((r) => (r as unknown as { topic: string }).topic).sort()).toEqual([...topics].sort());
    // One line per video as it changes, each ending completed.
    for (const r of rows) expect(run.stdout).toMatch(new RegExp(`^${r.$id}\\s+completed\\s+100%`, 'm'));

    const saved = readdirSync(out).filter((f) => f.endsWith('.mp4'));
    expect(saved).toHaveLength(5);
    for (const r of rows) expect(saved.some((f) => f.includes(r.$id))).toBe(true);
    for (const f of saved) {
      const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', join(out, f)]).toString()) as { streams: { codec_name: string }[] };
      expect(probe.streams[0]?.codec_name).toBe('h264');
    }
    expect(run.stderr).toMatch(/5 of 5 completed/);
  }, 480_000);

  it('refuses a malformed file before creating anything', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'topic,colour\nA,red\n');
    const run = await runCliProcess(['batch', file], stack, join(dir, 'state'));
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stderr).toMatch(/row 2: unknown column "colour"/);
    expect(run.stdout).toBe('');
  });
});

describe('explainer stats', () => {
  it('summarises the project\'s rows and files as they are', async () => {
    const run = await runCliProcess(['stats', '--json'], stack, join(dir, 'state'));
    expect(run.code, run.stderr).toBe(ExitCode.ok);
    const stats = JSON.parse(run.stdout) as { videos: number; perDay: { created: number; completed: number }[]; storageBytes: number; stageSeconds: { sceneRender: { count: number } }; usage: { provider: string; videos: number }[] };
    const client = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
    const tables = new TablesDB(client);
    const storage = new Storage(client);
    const videos = (await tables.listRows({ databaseId: 'studio', tableId: 'videos', queries: [Query.limit(1000)] })).rows as unknown as { status: string; provider_used?: string | null }[];
    const scenes = (await tables.listRows({ databaseId: 'studio', tableId: 'scenes', queries: [Query.limit(1000)] })).rows as unknown as { render_seconds?: number | null }[];
    let bytes = 0;
    for (const b of (await storage.listBuckets()).buckets) for (const f of (await storage.listFiles({ bucketId: b.$id, queries: [Query.limit(1000)] })).files) bytes += f.sizeOriginal;

    expect(videos.length).toBeGreaterThanOrEqual(5);
    expect(stats.videos).toBe(videos.length);
    expect(stats.perDay.reduce((n, d) => n + d.created, 0)).toBe(videos.length);
    expect(stats.perDay.reduce((n, d) => n + d.completed, 0)).toBe(videos.filter((v) => v.status === 'completed').length);
    expect(stats.stageSeconds.sceneRender.count).toBe(scenes.filter((s) => typeof s.render_seconds === 'number').length);
    expect(stats.usage.find((u) => u.provider === 'offline')?.videos).toBe(videos.filter((v) => v.provider_used === 'offline').length);
    expect(stats.storageBytes).toBe(bytes);

    const text = await runCliProcess(['stats'], stack, join(dir, 'state'));
    expect(text.stdout).toMatch(new RegExp(`^videos: ${videos.length} · success rate`, 'm'));
  });
});
