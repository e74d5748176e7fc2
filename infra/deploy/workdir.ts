import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The appwrite CLI works on the appwrite.json of its current directory and writes into it
 * (`appwrite client --project-id` sets `projectId`), and uploads each function's whole folder.
 * So it runs in a throw-away directory: a copy of appwrite.json for the target project, and per
 * function only what runs (`package.json` for `"type": "module"`, and the `dist/` bundle),
 * never sources, tests or local `.env` files.
 */
export type WorkDir = { dir: string; home: string; functions: FunctionSpec[]; manifest: Record<string, unknown> };

const FunctionSpec = z.looseObject({
  $id: z.string(),
  name: z.string(),
  runtime: z.string(),
  entrypoint: z.string(),
  path: z.string(),
});
export type FunctionSpec = z.infer<typeof FunctionSpec>;

const Manifest = z.looseObject({ functions: z.array(FunctionSpec).default([]) });

export function prepareWorkDir(repoRoot: string, manifestPath: string, projectId: string): WorkDir {
  const raw: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const manifest = Manifest.parse(raw);
  for (const fn of manifest.functions) {
    const entry = join(resolve(repoRoot, fn.path), fn.entrypoint);
    if (!existsSync(entry)) throw new Error(`function ${fn.$id}: ${entry} is missing; build the bundles first (npm run build)`);
  }
  const base = mkdtempSync(join(tmpdir(), 'explainer-deploy-'));
  const dir = join(base, 'project');
  const home = join(base, 'home');
  mkdirSync(dir);
  mkdirSync(home);

  const functions = manifest.functions.map((fn) => {
    const source = resolve(repoRoot, fn.path);
    const target = join(dir, 'functions', fn.$id);
    mkdirSync(target, { recursive: true });
    for (const part of ['package.json', fn.entrypoint.split('/')[0] ?? fn.entrypoint]) {
      if (existsSync(join(source, part))) cpSync(join(source, part), join(target, part), { recursive: true });
    }
    return { ...fn, path: `functions/${fn.$id}` };
  });
  const copy = { ...(raw as Record<string, unknown>), projectId, functions };
  writeFileSync(join(dir, 'appwrite.json'), `${JSON.stringify(copy, null, 2)}\n`);
  return { dir, home, functions, manifest: copy };
}
