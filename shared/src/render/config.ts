import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const MiB = 1024 * 1024;

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const positiveInt = z.coerce.number().int().positive();

/** The render part's settings, parsed once. The only place in this part that reads the environment. */
export const RenderConfig = z.object({
  backend: z.enum(['local', 'worker']),
  /** Python venv with Manim (`bin/python` inside). */
  venv: z.string().min(1),
  /** `shared/python/gate.py`. */
  gateScript: z.string().min(1),
  /** `shared/python`: the render launcher `render_job.py` lives here. */
  pythonDir: z.string().min(1),
  /**
   * Render processes kept prepared (Manim imported, each in a fresh sandbox, waiting for one
   * job). Worth it only in a long-lived host (the render worker); 0 starts each on demand.
   */
  warm: z.number().int().nonnegative(),
  /** Where job directories are made; uid 65534 must be able to traverse it. */
  jobRoot: z.string().min(1),
  /** Default and ceiling of a render's wall-clock time. */
  timeoutMs: positiveInt,
  cpuSeconds: positiveInt,
  memoryBytes: positiveInt,
  fileBytes: positiveInt,
  jobDirBytes: positiveInt,
  maxProcesses: positiveInt,
  /** Only an explicit setting lets a render run with a sandbox layer missing. */
  allowUnsandboxed: z.boolean(),
  sandboxUid: z.number().int().nonnegative(),
  workerUrl: z.string().url().optional(),
  workerToken: z.string().min(1).optional(),
  /** With the worker backend: hand renders off to its job API and take the result on the write-back (RENDER_ASYNC, on unless 0). */
  async: z.boolean(),
});
export type RenderConfig = z.infer<typeof RenderConfig>;

const Env = z.object({
  RENDER_BACKEND: z.enum(['local', 'worker']).optional(),
  MANIM_VENV: z.string().min(1).optional(),
  RENDER_GATE_SCRIPT: z.string().min(1).optional(),
  RENDER_JOB_ROOT: z.string().min(1).optional(),
  RENDER_TIMEOUT_MS: positiveInt.optional(),
  RENDER_CPU_SECONDS: positiveInt.optional(),
  RENDER_MEMORY_MB: positiveInt.optional(),
  RENDER_FILE_MB: positiveInt.optional(),
  RENDER_JOB_DIR_MB: positiveInt.optional(),
  RENDER_MAX_PROCESSES: positiveInt.optional(),
  RENDER_ALLOW_UNSANDBOXED: flag.optional(),
  RENDER_WARM: z.coerce.number().int().nonnegative().optional(),
  RENDER_WORKER_URL: z.string().url().optional(),
  RENDER_WORKER_TOKEN: z.string().min(1).optional(),
  RENDER_ASYNC: flag.optional(),
});

export function renderConfigFromEnv(env: Record<string, string | undefined> = process.env, overrides: Partial<RenderConfig> = {}): RenderConfig {
  const e = Env.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  const root = findRepoRoot();
  return RenderConfig.parse({
    backend: e.RENDER_BACKEND ?? (e.RENDER_WORKER_URL ? 'worker' : 'local'),
    venv: resolve(e.MANIM_VENV ?? join(root ?? process.cwd(), '.venv')),
    gateScript: resolve(e.RENDER_GATE_SCRIPT ?? join(root ?? process.cwd(), 'shared/python/gate.py')),
    pythonDir: resolve(join(root ?? process.cwd(), 'shared/python')),
    warm: e.RENDER_WARM ?? 0,
    jobRoot: resolve(e.RENDER_JOB_ROOT ?? tmpdir()),
    timeoutMs: e.RENDER_TIMEOUT_MS ?? 180_000,
    cpuSeconds: e.RENDER_CPU_SECONDS ?? 600,
    memoryBytes: (e.RENDER_MEMORY_MB ?? 3072) * MiB,
    fileBytes: (e.RENDER_FILE_MB ?? 512) * MiB,
    jobDirBytes: (e.RENDER_JOB_DIR_MB ?? 1024) * MiB,
    maxProcesses: e.RENDER_MAX_PROCESSES ?? 256,
    allowUnsandboxed: e.RENDER_ALLOW_UNSANDBOXED ?? false,
    sandboxUid: 65534,
    workerUrl: e.RENDER_WORKER_URL,
    workerToken: e.RENDER_WORKER_TOKEN,
    // On by default: a render waiting in an execution would hold one of the function worker's slots (one, on a default self-hosted install).
    async: e.RENDER_ASYNC ?? true,
    ...overrides,
  });
}

/**
 * The repository root, found by walking up from this module and from the working directory.
 * Both, because a function bundle (functions/x/dist/main.js) no longer sits beside this file.
 */
export function findRepoRoot(): string | null {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'shared/python/gate.py'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}
