import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { LocalStack } from '../local-appwrite/server.js';

// vitest globalSetup: ONE local stack (fresh temp data dir, any free port) for every
// `*.e2e.test.ts`, with the fake Gemini server wired into the functions' environment.
// Suites read it with `inject('stack')`. Unit test runs pay nothing: the stack starts only
// when an e2e file is among the selected tests.

export type StackInfo = { endpoint: string; projectId: string; apiKey: string; dataDir: string; fakeGeminiUrl?: string };

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));
const FAKE_GEMINI_KEY = 'fake-gemini-key';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!wantsStack(project.vitest.config.root ?? process.cwd())) return async () => {};
  const dataDir = mkdtempSync(join(tmpdir(), 'explainer-e2e-'));
  const fake = await startFakeGeminiIfPresent();
  const { startLocalStack } = await import('../local-appwrite/server.js');
  const env: Record<string, string> = fake ? { GEMINI_BASE_URL: fake.url, GEMINI_API_KEY: FAKE_GEMINI_KEY } : {};
  const stack: LocalStack = await startLocalStack({ port: 0, dataDir, env, quiet: true, staticDir: resolve(HERE, '../../dashboard/dist') });
  project.provide('stack', {
    endpoint: stack.endpoint,
    projectId: stack.projectId,
    apiKey: stack.apiKey,
    dataDir,
    ...(fake ? { fakeGeminiUrl: fake.url } : {}),
  });
  return async () => {
    await stack.close();
    if (fake) await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

// vitest treats CLI arguments as substrings of test file paths. The stack starts when some
// e2e file matches them (or when there are none, as in `npm test`); a unit-only run such as
// `vitest run shared/src/domain` skips it.
function wantsStack(root: string): boolean {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run' && a !== 'watch' && !/^\d+$/.test(a));
  if (filters.length === 0) return true;
  const e2eFiles = findE2eFiles(root);
  return filters.some((filter) => {
    const absolute = resolve(root, filter);
    return e2eFiles.some((f) => f.includes(filter) || f.startsWith(absolute));
  });
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.venv', '.data', 'dist', '.artifacts']);

function findE2eFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...findE2eFiles(join(dir, entry.name)));
    } else if (entry.name.endsWith('.e2e.test.ts')) found.push(join(dir, entry.name));
  }
  return found;
}

// helper C owns the fake; the stack still starts (offline provider only) without it.
async function startFakeGeminiIfPresent(): Promise<{ url: string; close(): Promise<void> } | undefined> {
  const file = join(HERE, 'fake-gemini.ts');
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { startFakeGemini?: () => Promise<{ url: string; close(): Promise<void> }> };
  return mod.startFakeGemini ? mod.startFakeGemini() : undefined;
}
