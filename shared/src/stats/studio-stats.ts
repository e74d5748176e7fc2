import { percentile, secondsBetween } from './summary.js';

/**
 * What the studio did, summarised from the rows themselves: the same function serves the
 * dashboard (a user's own rows, through the session) and `explainer stats` (the project's,
 * through the API key), so both say the same thing about the same rows.
 */
export type StatsVideo = {
  $createdAt: string;
  status: string;
  started_at?: string | null | undefined;
  planned_at?: string | null | undefined;
  finished_at?: string | null | undefined;
  render_seconds?: number | null | undefined;
  provider_used?: string | null | undefined;
  model?: string | null | undefined;
  tokens_in?: number | null | undefined;
  tokens_out?: number | null | undefined;
  cost_usd?: number | null | undefined;
};
export type StatsScene = { status: string; error_class?: string | null | undefined; render_seconds?: number | null | undefined };
export type StatsFile = { bucketId: string; sizeOriginal: number };

export type Spread = { count: number; p50: number | null; p90: number | null };
export type StudioStats = {
  videos: number;
  perDay: { day: string; created: number; completed: number; failed: number }[];
  /** completed / (completed + failed); cancelled videos are neither. */
  successRate: number | null;
  /** Seconds per stage: waiting in the queue, planning, scenes (plan to finish), total, one scene's render. */
  stageSeconds: Record<'queued' | 'planning' | 'scenes' | 'total' | 'sceneRender', Spread>;
  renderSeconds: number;
  usage: { provider: string; model: string; videos: number; tokensIn: number; tokensOut: number; costUsd: number }[];
  failureClasses: { errorClass: string; scenes: number }[];
  storage: { bucketId: string; files: number; bytes: number }[];
  storageBytes: number;
};

function spread(values: number[]): Spread {
  return { count: values.length, p50: percentile(values, 50), p90: percentile(values, 90) };
}

const present = (v: number | null): v is number => v !== null;
const round = (n: number, places = 6) => Math.round(n * 10 ** places) / 10 ** places;

export function studioStats(videos: readonly StatsVideo[], scenes: readonly StatsScene[], files: readonly StatsFile[]): StudioStats {
  const days = new Map<string, { day: string; created: number; completed: number; failed: number }>();
  for (const v of videos) {
    const day = v.$createdAt.slice(0, 10);
    const d = days.get(day) ?? { day, created: 0, completed: 0, failed: 0 };
    d.created += 1;
    if (v.status === 'completed') d.completed += 1;
    if (v.status === 'failed') d.failed += 1;
    days.set(day, d);
  }
  const completed = videos.filter((v) => v.status === 'completed').length;
  const failed = videos.filter((v) => v.status === 'failed').length;
  const finished = videos.filter((v) => v.finished_at);

  const usage = new Map<string, StudioStats['usage'][number]>();
  for (const v of videos) {
    if (!v.provider_used) continue;
    const key = `${v.provider_used}\n${v.model ?? ''}`;
    const u = usage.get(key) ?? { provider: v.provider_used, model: v.model ?? '', videos: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
    u.videos += 1;
    u.tokensIn += v.tokens_in ?? 0;
    u.tokensOut += v.tokens_out ?? 0;
    u.costUsd = round(u.costUsd + (v.cost_usd ?? 0));
    usage.set(key, u);
  }

  const classes = new Map<string, number>();
  for (const s of scenes) if (s.status === 'failed' && s.error_class) classes.set(s.error_class, (classes.get(s.error_class) ?? 0) + 1);

  const buckets = new Map<string, { bucketId: string; files: number; bytes: number }>();
  for (const f of files) {
    const b = buckets.get(f.bucketId) ?? { bucketId: f.bucketId, files: 0, bytes: 0 };
    b.files += 1;
    b.bytes += f.sizeOriginal;
    buckets.set(f.bucketId, b);
  }

  return {
    videos: videos.length,
    perDay: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
    successRate: completed + failed ? round(completed / (completed + failed), 4) : null,
    stageSeconds: {
      queued: spread(videos.map((v) => secondsBetween(v.$createdAt, v.started_at)).filter(present)),
      planning: spread(videos.map((v) => secondsBetween(v.started_at, v.planned_at)).filter(present)),
      scenes: spread(finished.map((v) => secondsBetween(v.planned_at, v.finished_at)).filter(present)),
      total: spread(finished.map((v) => secondsBetween(v.$createdAt, v.finished_at)).filter(present)),
      sceneRender: spread(scenes.map((s) => s.render_seconds ?? null).filter(present)),
    },
    renderSeconds: round(videos.reduce((sum, v) => sum + (v.render_seconds ?? 0), 0), 3),
    usage: [...usage.values()].sort((a, b) => b.costUsd - a.costUsd || b.videos - a.videos),
    failureClasses: [...classes.entries()].map(([errorClass, n]) => ({ errorClass, scenes: n })).sort((a, b) => b.scenes - a.scenes).slice(0, 5),
    storage: [...buckets.values()].sort((a, b) => b.bytes - a.bytes),
    storageBytes: [...buckets.values()].reduce((sum, b) => sum + b.bytes, 0),
  };
}
