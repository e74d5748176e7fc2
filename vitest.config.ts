import { defineConfig } from 'vitest/config';

// Unit tests run in parallel; suites that need the shared local stack (`*.e2e.test.ts`)
// start it once through the global setup and run one file at a time, because renders
// and Chromium each want a whole core of this 2-core machine.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'functions/**/*.test.ts', 'infra/**/*.test.ts', 'dashboard/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '.venv/**', '.data/**'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: ['infra/testing/global-setup.ts'],
    reporters: ['default'],
  },
});
