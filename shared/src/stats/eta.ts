import { Quality } from '../domain/options.js';
import { sceneFraction } from '../domain/progress.js';
import { isIn, videoInProgress, type SceneStatus } from '../domain/status.js';
import { median, secondsBetween } from './summary.js';

/**
 * When a video will be done, from how long earlier videos took on this deployment. Pure: the
 * history comes in as rows (plan-video and combine-video read it through the store), so the
 * rules are tested without I/O.
 *
 * The rows record when planning started and ended (`started_at`, `planned_at`) and when the
 * video finished (`finished_at`); a scene's code and render run between the last two, several
 * scenes at once. So a finished video of n scenes at quality q says:
 *   scenes wall time ≈ combine(n) + perScene(q) × max(1, n / slots)
 * and each one yields a measurement of perScene(q). The estimate uses the median of the
 * recent measurements (one forged or stuck row moves a median little), a prior without any.
 */
export type EtaHistoryVideo = {
  quality?: unknown;
  scene_count?: number | null | undefined;
  started_at?: string | null | undefined;
  planned_at?: string | null | undefined;
  finished_at?: string | null | undefined;
};

export type EtaModel = {
  /** Seconds from claim to the scene rows. */
  planSeconds: number;
  /** Seconds one scene takes from planned to rendered (code + render), per quality. */
  sceneSeconds: Record<Quality, number>;
  /** Scenes this deployment works on at once. */
  slots: number;
  /** How many finished videos the figures come from (0: all prior). */
  samples: number;
};

/** What the estimate assumes before this deployment has finished a video (offline LLM, a 2-core host). */
export const ETA_PRIOR = {
  planSeconds: 5,
  sceneSeconds: { preview: 20, standard: 45, high: 110 } satisfies Record<Quality, number>,
} as const;

/** Remuxing the clips: a fixed part and a part per scene (no row records the combine on its own). */
export function combineSeconds(sceneCount: number): number {
  return 2 + 0.5 * sceneCount;
}

/** A row's quality as the estimate counts it: the default preset (`preview`) for a value it does not know. */
export function etaQuality(value: unknown): Quality {
  return Quality.safeParse(value).data ?? 'preview';
}

/** The figures the estimate works with, from finished videos (`completed` ones: a failed run says little about a whole one). */
export function etaModel(history: readonly EtaHistoryVideo[], slots: number): EtaModel {
  const lanes = Math.max(1, Math.floor(slots));
  const plans: number[] = [];
  const perScene: Record<Quality, number[]> = { preview: [], standard: [], high: [] };
  let samples = 0;
  for (const v of history) {
    const plan = secondsBetween(v.started_at, v.planned_at);
    const scenes = secondsBetween(v.planned_at, v.finished_at);
    const n = v.scene_count ?? 0;
    const quality = etaQuality(v.quality);
    if (plan === null && scenes === null) continue;
    samples += 1;
    if (plan !== null) plans.push(plan);
    if (scenes !== null && n > 0) perScene[quality].push(Math.max(0, scenes - combineSeconds(n)) / Math.max(1, n / lanes));
  }
  const sceneSeconds = Object.fromEntries(Quality.options.map((q) => [q, median(perScene[q]) ?? ETA_PRIOR.sceneSeconds[q]])) as Record<Quality, number>;
  return { planSeconds: median(plans) ?? ETA_PRIOR.planSeconds, sceneSeconds, slots: lanes, samples };
}

export type EtaVideo = {
  quality: Quality;
  /** Scenes planned (known after planning); before it, the most the video may have. */
  sceneCount: number;
  /** The scene rows that exist; a scene not created yet counts as not started. */
  scenes: readonly { status: SceneStatus }[];
  /** Still planning: the plan's time is ahead too. */
  planning: boolean;
};

/**
 * Seconds of work left. Scenes run `slots` at a time, so what is left is either the longest
 * single scene still going or the whole remaining work spread over the slots, whichever is
 * longer; then the combine.
 */
export function remainingSeconds(model: EtaModel, video: EtaVideo): number {
  const count = Math.max(video.sceneCount, video.scenes.length, 1);
  const left = video.scenes.map((s) => 1 - sceneFraction[s.status]);
  for (let i = video.scenes.length; i < count; i++) left.push(1);
  const total = left.reduce((sum, f) => sum + f, 0);
  const longest = Math.max(0, ...left);
  const scenes = model.sceneSeconds[video.quality] * Math.max(longest, total / model.slots);
  return (video.planning ? model.planSeconds : 0) + scenes + combineSeconds(count);
}

/** The row's `eta_at`: now plus what is left, to the second. */
export function etaAt(now: Date, remaining: number): string {
  return new Date(Math.ceil(now.getTime() / 1000) * 1000 + Math.round(remaining) * 1000).toISOString();
}

/**
 * "about N min left" / "under a minute left" for a video under way; null when there is nothing
 * to show (no estimate, or the video is queued, finished or cancelled: its `eta_at` is history).
 */
export function etaLabel(video: { status: string; eta_at?: string | null | undefined }, now: Date): string | null {
  if (!video.eta_at || !isIn(videoInProgress, video.status)) return null;
  const ms = Date.parse(video.eta_at) - now.getTime();
  if (!Number.isFinite(ms)) return null;
  if (ms < 60_000) return 'under a minute left';
  return `about ${Math.round(ms / 60_000)} min left`;
}
