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
});
export type WorkerConfig = z.infer<typeof WorkerConfig>;

/** A narrated scene carries its audio (24 kHz WAV, base64): up to ≈ 10 MB for 2,000 characters. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export function workerConfigFromEnv(env: Record<string, string | undefined> = process.env): WorkerConfig {
  if (!env.RENDER_WORKER_TOKEN) throw new Error('RENDER_WORKER_TOKEN is required: the worker refuses to run without authentication');
  return WorkerConfig.parse({
    port: env.PORT ?? 8080,
    host: env.HOST ?? '0.0.0.0',
    token: env.RENDER_WORKER_TOKEN,
    concurrency: env.RENDER_WORKER_CONCURRENCY ?? 1,
    queue: env.RENDER_WORKER_QUEUE ?? 8,
    maxBodyBytes: env.RENDER_WORKER_MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES,
  });
}
