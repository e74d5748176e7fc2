import type { Spread, StudioStats } from '../../shared/src/stats/studio-stats.js';

const secs = (s: Spread) => (s.count ? `p50 ${s.p50?.toFixed(1)} s · p90 ${s.p90?.toFixed(1)} s (${s.count})` : '—');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** `explainer stats` as text: the same numbers as `--json`, for a person. */
export function statsLines(stats: StudioStats): string[] {
  return [
    `videos: ${stats.videos} · success rate: ${stats.successRate === null ? '—' : `${(stats.successRate * 100).toFixed(1)} %`} · render: ${stats.renderSeconds.toFixed(0)} s`,
    'per day (created / completed / failed):',
    ...stats.perDay.slice(-14).map((d) => `  ${d.day}  ${d.created} / ${d.completed} / ${d.failed}`),
    'time per stage:',
    ...(Object.entries(stats.stageSeconds) as [string, Spread][]).map(([stage, s]) => `  ${stage.padEnd(12)} ${secs(s)}`),
    'usage per provider and model:',
    ...(stats.usage.length ? stats.usage.map((u) => `  ${`${u.provider} ${u.model}`.padEnd(32)} ${u.videos} videos · ${u.tokensIn} in / ${u.tokensOut} out tokens · $${u.costUsd.toFixed(4)}`) : ['  —']),
    'commonest scene failures:',
    ...(stats.failureClasses.length ? stats.failureClasses.map((f) => `  ${f.errorClass.padEnd(12)} ${f.scenes}`) : ['  —']),
    `storage: ${mb(stats.storageBytes)}${stats.storage.length ? ` (${stats.storage.map((b) => `${b.bucketId} ${mb(b.bytes)} in ${b.files}`).join(', ')})` : ''}`,
  ];
}
