import { z } from 'zod';
import { SceneStatus, VideoStatus } from '../../shared/src/domain/status.js';

// Rows as the dashboard reads them (REST answers and Realtime payloads alike). Optional
// columns come back as null; anything the dashboard does not show is dropped by parsing.
const text = z.string().nullish();
const count = z.number().nullish();

const RowMeta = {
  $id: z.string(),
  $createdAt: z.string(),
  $updatedAt: z.string(),
};

export const VideoRow = z.object({
  ...RowMeta,
  topic: z.string(),
  description: text,
  quality: text,
  aspect_ratio: text,
  provider: text,
  max_scenes: count,
  status: VideoStatus,
  progress: count,
  current_scene: count,
  scene_count: count,
  provider_used: text,
  model: text,
  combined_video_id: text,
  combined_video_url: text,
  partial_video_id: text,
  partial_video_url: text,
  error_message: text,
  log_file_id: text,
  started_at: text,
  planned_at: text,
  finished_at: text,
  duration_seconds: count,
  render_seconds: count,
  tokens_in: count,
  tokens_out: count,
  cost_usd: count,
});
export type VideoRow = z.infer<typeof VideoRow>;

export const SceneRow = z.object({
  ...RowMeta,
  video_id: z.string(),
  scene_number: z.number(),
  title: text,
  plan: text,
  target_seconds: count,
  status: SceneStatus,
  attempt: count,
  renders: count,
  code_file_id: text,
  code_url: text,
  video_file_id: text,
  video_url: text,
  error_message: text,
  error_class: text,
  error_log_id: text,
  duration_seconds: count,
  render_seconds: count,
});
export type SceneRow = z.infer<typeof SceneRow>;

/**
 * Later writes win; Realtime messages and re-reads can arrive in either order. Messages come
 * in write order, so one with the same timestamp is taken (`tie: 'take'`); a re-read answered
 * before that message left keeps the row only when strictly newer (`tie: 'keep'`).
 */
export function isNewer(incoming: { $updatedAt: string }, current: { $updatedAt: string } | undefined, tie: 'take' | 'keep'): boolean {
  if (!current) return true;
  const a = Date.parse(incoming.$updatedAt);
  const b = Date.parse(current.$updatedAt);
  return a > b || (a === b && tie === 'take');
}

export function byNewestFirst(a: VideoRow, b: VideoRow): number {
  return Date.parse(b.$createdAt) - Date.parse(a.$createdAt) || b.$id.localeCompare(a.$id);
}

export function bySceneNumber(a: SceneRow, b: SceneRow): number {
  return a.scene_number - b.scene_number;
}
