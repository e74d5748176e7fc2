import { isIn, videoFinished } from '../../shared/src/domain/status.js';
import type { VideoRow } from './rows.js';

export type BatchSummary = { batchId: string; total: number; completed: number; failed: number; running: number; progress: number; newest: string };

/** The user's batches, newest first: how many of each are done and their mean progress. */
export function batchSummaries(videos: Iterable<VideoRow>): BatchSummary[] {
  const groups = new Map<string, VideoRow[]>();
  for (const v of videos) if (v.batch_id) groups.set(v.batch_id, [...(groups.get(v.batch_id) ?? []), v]);
  return [...groups.entries()].map(([batchId, rows]) => ({
    batchId,
    total: rows.length,
    completed: rows.filter((v) => v.status === 'completed').length,
    failed: rows.filter((v) => v.status === 'failed' || v.status === 'cancelled').length,
    running: rows.filter((v) => !isIn(videoFinished, v.status)).length,
    // A finished video counts as done whatever its progress column says.
    progress: Math.round(rows.reduce((sum, v) => sum + (isIn(videoFinished, v.status) ? 100 : v.progress ?? 0), 0) / rows.length),
    newest: rows.map((v) => v.$createdAt).sort().at(-1) ?? '',
  })).sort((a, b) => (a.newest < b.newest ? 1 : -1));
}

export function batchText(b: BatchSummary): string {
  const parts = [`${b.completed} of ${b.total} completed`, b.failed ? `${b.failed} failed or cancelled` : '', b.running ? `${b.running} in the works` : ''].filter(Boolean);
  return `Batch of ${b.total}: ${parts.join(', ')}`;
}
