import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Functions, TablesDB } from 'node-appwrite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../local-appwrite/server.js';
import { runCliProcess } from '../cli/cli-process.js';
import { deploy } from './deploy.js';

// Deploys this repository with the real appwrite CLI to a stack that starts with nothing in it
// (no tables, buckets or functions), then makes a video on what was deployed.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(repoRoot, 'appwrite.json'), 'utf8')) as {
  tables: { $id: string; columns: unknown[] }[];
  functions: { $id: string }[];
};

let stack: LocalStack;
let dir: string;

/** The scopes this folder's README tells a deployer to give the API key, expanded (`x.read/write` → both). */
function readmeScopes(): string[] {
  const readme = readFileSync(join(repoRoot, 'infra/deploy/README.md'), 'utf8');
  const bullet = /- Create an \*\*API key\*\* with the scopes ([\s\S]*?)\n- /.exec(readme)?.[1] ?? '';
  const listed = bullet.split(/`collections\.\*` is not/)[0]!;
  return [...listed.matchAll(/`([a-z]+)\.(read\/write|read|write)`/g)].flatMap(([, noun, verbs]) => verbs!.split('/').map((verb) => `${noun}.${verb}`));
}
const README_KEY = 'readme-scopes-key';
const NO_COLLECTIONS_WRITE_KEY = 'no-collections-write-key';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deploy-e2e-'));
  writeFileSync(join(dir, 'appwrite.json'), JSON.stringify({ projectId: 'local' }));
  const scopes = readmeScopes();
  stack = await startLocalStack({
    port: 0, dataDir: join(dir, 'data'), configPath: join(dir, 'appwrite.json'), quiet: true, schedules: false,
    apiKeys: { [README_KEY]: scopes, [NO_COLLECTIONS_WRITE_KEY]: scopes.filter((s) => s !== 'collections.write') },
  });
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run deploy against a fresh stack', () => {
  it('reads the README\'s scope list', () => {
    expect(readmeScopes()).toEqual(expect.arrayContaining(['databases.write', 'collections.read', 'collections.write', 'tables.write', 'functions.write', 'buckets.write']));
  });

  it('fails as Appwrite fails with a key that lacks collections.write, at the first column', async () => {
    const lines: string[] = [];
    const attempt = deploy({ config: { endpoint: stack.endpoint, projectId: stack.projectId, apiKey: NO_COLLECTIONS_WRITE_KEY, variables: {} }, repoRoot, log: (l) => lines.push(l) });
    await expect(attempt).rejects.toThrow(/push tables[\s\S]*missing scopes \(\["collections\.write"\]\)/);
    // The tables were created (TablesDB accepts tables.write), their columns were not.
    const tables = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey));
    expect((await tables.getTable({ databaseId: 'studio', tableId: manifest.tables[0]!.$id })).columns).toEqual([]);
  }, 300_000);

  it('pushes tables, buckets and functions with the real CLI and the deployed chain makes a video', async () => {
    const lines: string[] = [];
    // The deployed code runs from the stack's deployment folder, not from this repository,
    // so it is told where Manim lives the way a real deployment would be: function variables.
    const variables = { MANIM_VENV: join(repoRoot, '.venv'), RENDER_GATE_SCRIPT: join(repoRoot, 'shared/python/gate.py') };
    // A key with exactly the scopes infra/deploy/README.md lists, as a deployer would create it.
    const report = await deploy({ config: { endpoint: stack.endpoint, projectId: stack.projectId, apiKey: README_KEY, variables }, repoRoot, log: (l) => lines.push(l) });
    const log = lines.join('\n');
    expect(log).not.toContain(README_KEY);
    expect(report.functions.map((f) => f.id).sort()).toEqual(manifest.functions.map((f) => f.$id).sort());
    expect(report.variables).toEqual(['MANIM_VENV', 'RENDER_GATE_SCRIPT']);

    const client = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
    const tables = new TablesDB(client);
    for (const table of manifest.tables) {
      const remote = await tables.getTable({ databaseId: 'studio', tableId: table.$id });
      expect(remote.columns.length, `columns of ${table.$id}`).toBe(table.columns.length);
    }
    const variable = (await new Functions(client).listVariables({ functionId: 'render-scene' })).variables.find((v) => v.key === 'MANIM_VENV');
    expect(variable?.secret).toBe(true);

    // A second deploy succeeds and leaves every column alone (the CLI deletes and recreates a
    // column whose answer differs from appwrite.json, which would wipe that column's values).
    const again: string[] = [];
    await deploy({ config: { endpoint: stack.endpoint, projectId: stack.projectId, apiKey: README_KEY, variables }, repoRoot, verbose: true, log: (l) => again.push(l) });
    expect(again.filter((l) => /recreating|Deleting attribute/.test(l))).toEqual([]);

    const out = join(dir, 'deployed.mp4');
    const run = await runCli(['create', 'Why the sky is blue', '--provider', 'offline', '--max-scenes', '2', '--quality', 'preview', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', out]).toString()) as {
      streams: { codec_type: string }[];
      format: { duration: string };
    };
    expect(probe.streams.filter((s) => s.codec_type === 'video')).toHaveLength(1);
    expect(Number(probe.format.duration)).toBeGreaterThan(1);
  }, 600_000);
});

function runCli(args: string[]) {
  return runCliProcess(args, stack, join(dir, 'cli-state'));
}
