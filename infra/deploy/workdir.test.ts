import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareWorkDir } from './workdir.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(withBundle: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'workdir-test-'));
  made.push(root);
  const fn = join(root, 'functions/plan-video');
  mkdirSync(join(fn, 'src'), { recursive: true });
  writeFileSync(join(fn, 'package.json'), '{"type":"module"}');
  writeFileSync(join(fn, 'src/main.ts'), 'source');
  writeFileSync(join(fn, '.env'), 'GEMINI_API_KEY=do-not-upload');
  if (withBundle) {
    mkdirSync(join(fn, 'dist'));
    writeFileSync(join(fn, 'dist/main.js'), 'bundle');
  }
  writeFileSync(join(root, 'appwrite.json'), JSON.stringify({
    projectId: 'local',
    buckets: [{ $id: 'code' }],
    functions: [{ $id: 'plan-video', name: 'plan-video', runtime: 'node-20.0', entrypoint: 'dist/main.js', path: 'functions/plan-video' }],
  }));
  return root;
}

describe('the CLI work folder', () => {
  it('holds appwrite.json for the target project and only what each function runs', () => {
    const root = repo(true);
    const work = prepareWorkDir(root, join(root, 'appwrite.json'), 'my-project');
    made.push(dirname(work.dir));
    const manifest = JSON.parse(readFileSync(join(work.dir, 'appwrite.json'), 'utf8')) as { projectId: string; buckets: unknown[]; functions: { path: string }[] };
    expect(manifest.projectId).toBe('my-project');
    expect(manifest.buckets).toEqual([{ $id: 'code' }]);
    expect(manifest.functions[0]?.path).toBe('functions/plan-video');
    const fn = join(work.dir, 'functions/plan-video');
    expect(readFileSync(join(fn, 'dist/main.js'), 'utf8')).toBe('bundle');
    expect(existsSync(join(fn, 'package.json'))).toBe(true);
    expect(existsSync(join(fn, 'src'))).toBe(false);
    expect(existsSync(join(fn, '.env'))).toBe(false);
    // The repository's own appwrite.json is untouched.
    expect(JSON.parse(readFileSync(join(root, 'appwrite.json'), 'utf8')).projectId).toBe('local');
  });

  it('asks for a build when a bundle is missing', () => {
    const root = repo(false);
    expect(() => prepareWorkDir(root, join(root, 'appwrite.json'), 'p')).toThrow(/dist\/main\.js is missing; build the bundles first/);
  });
});
