import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** The worker's own settings; the render settings (limits, venv) come from the render part's config. */
export const WorkerConfig = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  token: z.string().min(16, 'RENDER_WORKER_TOKEN must be at least 16 characters'),
  concurrency: positiveInt,
  /** Jobs waiting beyond the running ones; one more answers 429. */
  queue: z.coerce.number().int().nonnegative(),
  maxBodyBytes: positiveInt,
  /** How long a finished asynchronous job's result stays readable (`GET /jobs/:id`). */
  resultTtlMs: positiveInt,
  /** Where finished jobs are written back (`POST /jobs`); without it the worker refuses jobs with a callback. */
  appwrite: z.object({ endpoint: z.string().url(), projectId: z.string().min(1), key: z.string().min(1) }).optional(),
});
export type WorkerConfig = z.infer<typeof WorkerConfig>;

/** A narrated scene carries its audio (24 kHz WAV, base64): up to ≈ 10 MB for 2,000 characters. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A result outlives its write-back's retries and a slow first read. */
export const DEFAULT_RESULT_TTL_SECONDS = 3600;

function appwriteFromEnv(env: Record<string, string | undefined>): WorkerConfig['appwrite'] {
  const { APPWRITE_ENDPOINT: endpoint, APPWRITE_PROJECT_ID: projectId, RENDER_WORKER_APPWRITE_KEY: key } = env;
  if (!endpoint && !projectId && !key) return undefined;
  if (!endpoint || !projectId || !key) throw new Error('write-backs need all of APPWRITE_ENDPOINT, APPWRITE_PROJECT_ID and RENDER_WORKER_APPWRITE_KEY (a key with execution.write only)');
  return { endpoint, projectId, key };
}

export function workerConfigFromEnv(env: Record<string, string | undefined> = process.env): WorkerConfig {
  if (!env.RENDER_WORKER_TOKEN) throw new Error('RENDER_WORKER_TOKEN is required: the worker refuses to run without authentication');
  return WorkerConfig.parse({
    port: env.PORT ?? 8080,
    host: env.HOST ?? '0.0.0.0',
    token: env.RENDER_WORKER_TOKEN,
    concurrency: env.RENDER_WORKER_CONCURRENCY ?? 1,
    queue: env.RENDER_WORKER_QUEUE ?? 8,
    maxBodyBytes: env.RENDER_WORKER_MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES,
    resultTtlMs: (Number(env.RENDER_WORKER_RESULT_TTL_SECONDS) || DEFAULT_RESULT_TTL_SECONDS) * 1000,
    appwrite: appwriteFromEnv(env),
  });
}
