import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { signIn, startHarness, type Harness, type User } from './harness.js';

// Apart from harness.ts, which the bench imports outside any test runner.
export type SuiteHarness = { h: Harness; user: User; dir: string };

/**
 * One harness, one signed-in user and one scratch folder for a whole suite: started before
 * its first test, closed and removed after its last.
 */
export function harnessForSuite(name: string): SuiteHarness {
  const suite = { dir: mkdtempSync(join(tmpdir(), `${name}-`)) } as SuiteHarness;
  beforeAll(async () => {
    suite.h = await startHarness();
    suite.user = await signIn(suite.h.stack);
  });
  afterAll(async () => {
    await suite.h?.close();
    rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}
