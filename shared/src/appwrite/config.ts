import { z } from 'zod';

/**
 * Everything a pipeline function reads from its environment, parsed once per invocation.
 * This is the only module of the functions that touches `process.env`; the LLM and render
 * settings are handed on as the raw record so their owners' schemas parse them
 * (`shared/src/llm`, `shared/src/render`).
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const FunctionConfig = z.object({
  endpoint: z.string().url(),
  projectId: z.string().min(1),
  functionId: z.string().default(''),
  databaseId: z.string().default('studio'),
  /** Code attempts per scene run before it is marked failed (issue 3: at most 3, configurable). */
  maxAttempts: positiveInt(3),
  /** Rounds of new code for a scene that rendered with layout defects (0: never). */
  layoutRepairAttempts: z.coerce.number().int().min(0).max(5).default(1),
  /** How long a claim holds before sweep-stuck may take the row back, per stage. */
  leaseSeconds: z.object({
    planning: positiveInt(360),
    coding: positiveInt(360),
    rendering: positiveInt(960),
    combining: positiveInt(360),
  }),
  /** A planned/coded scene untouched this long is assumed to have lost its event. */
  idleSeconds: positiveInt(120),
  quotas: z.object({
    videosInProgress: positiveInt(3),
    scenesPerVideo: positiveInt(8),
    videosPerHour: positiveInt(20),
    /** Re-runs a user may ask of one scene, and of all their scenes in 24 hours (#16). */
    rerunsPerScene: positiveInt(5),
    rerunsPerDay: positiveInt(50),
    /** USD of LLM spend per user in 24 hours, counted from the ledger; 0 turns the cap off (#13). */
    costUsdPerDay: z.coerce.number().min(0).default(5),
  }),
  /** Scenes this deployment works on at once (function pool, render worker slots): the ETA divides scene work by it. */
  parallelScenes: positiveInt(2),
  /** A user's `read("any")` on a video makes it and its files public (else it is dropped). */
  allowPublicVideos: z.enum(['0', '1', 'true', 'false', '']).default('0').transform((v) => v === '1' || v === 'true'),
  /** The raw environment, for the LLM and render config parsers owned by their modules. */
  env: z.record(z.string(), z.string()),
});
export type FunctionConfig = z.infer<typeof FunctionConfig>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the function's configuration; the API key is not part of it (it arrives per request). */
export function readFunctionConfig(env: Record<string, string | undefined> = process.env): FunctionConfig {
  const defined = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const parsed = FunctionConfig.safeParse({
    endpoint: env.APPWRITE_FUNCTION_API_ENDPOINT,
    projectId: env.APPWRITE_FUNCTION_PROJECT_ID,
    functionId: env.APPWRITE_FUNCTION_ID,
    databaseId: env.STUDIO_DATABASE_ID,
    maxAttempts: env.MAX_ATTEMPTS,
    layoutRepairAttempts: env.LAYOUT_REPAIR_ATTEMPTS === '' ? undefined : env.LAYOUT_REPAIR_ATTEMPTS,
    leaseSeconds: {
      planning: env.STUDIO_LEASE_PLANNING_SECONDS,
      coding: env.STUDIO_LEASE_CODING_SECONDS,
      rendering: env.STUDIO_LEASE_RENDERING_SECONDS,
      combining: env.STUDIO_LEASE_COMBINING_SECONDS,
    },
    idleSeconds: env.STUDIO_IDLE_SECONDS,
    quotas: {
      videosInProgress: env.QUOTA_VIDEOS_IN_PROGRESS,
      scenesPerVideo: env.QUOTA_SCENES_PER_VIDEO,
      videosPerHour: env.QUOTA_VIDEOS_PER_HOUR,
      rerunsPerScene: env.QUOTA_RERUNS_PER_SCENE,
      rerunsPerDay: env.QUOTA_RERUNS_PER_DAY,
      costUsdPerDay: env.QUOTA_COST_USD_PER_DAY,
    },
    parallelScenes: env.STUDIO_PARALLEL_SCENES,
    allowPublicVideos: env.STUDIO_PUBLIC_VIDEOS,
    env: defined,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`function configuration is invalid (${fields})`);
  }
  return parsed.data;
}
