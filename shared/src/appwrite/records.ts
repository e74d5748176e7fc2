import { z } from 'zod';
import { SceneStatus, VideoStatus } from '../domain/status.js';

/**
 * The rows as the pipeline reads them back from TablesDB. Lenient on purpose: a row written
 * by a user (or an older version) must still parse so the handler can decide what to do
 * with it, so unknown columns pass through and optional outputs may be null.
 */
const nullableString = z.string().nullish().transform((v) => v ?? null);
const nullableNumber = z.number().nullish().transform((v) => v ?? null);

const RowMeta = {
  $id: z.string(),
  $createdAt: z.string(),
  $updatedAt: z.string(),
  $permissions: z.array(z.string()).default([]),
};

export const VideoRecord = z.looseObject({
  ...RowMeta,
  topic: z.unknown().optional(),
  description: z.unknown().optional(),
  quality: z.unknown().optional(),
  aspect_ratio: z.unknown().optional(),
  provider: z.unknown().optional(),
  max_scenes: z.unknown().optional(),
  status: VideoStatus,
  progress: z.number().nullish().transform((v) => v ?? 0),
  current_scene: nullableNumber,
  scene_count: nullableNumber,
  provider_used: nullableString,
  model: nullableString,
  combined_video_id: nullableString,
  combined_video_url: nullableString,
  partial_video_id: nullableString,
  partial_video_url: nullableString,
  error_message: nullableString,
  owner: nullableString,
  lease_until: nullableString,
  started_at: nullableString,
  planned_at: nullableString,
  finished_at: nullableString,
  tokens_in: z.number().nullish().transform((v) => v ?? 0),
  tokens_out: z.number().nullish().transform((v) => v ?? 0),
  cost_usd: z.number().nullish().transform((v) => v ?? 0),
  render_seconds: nullableNumber,
  duration_seconds: nullableNumber,
});
export type VideoRecord = z.infer<typeof VideoRecord>;

export const SceneRecord = z.looseObject({
  ...RowMeta,
  video_id: z.string(),
  scene_number: z.number().int(),
  title: nullableString,
  plan: nullableString,
  target_seconds: nullableNumber,
  status: SceneStatus,
  attempt: z.number().nullish().transform((v) => v ?? 0),
  renders: z.number().nullish().transform((v) => v ?? 0),
  code_file_id: nullableString,
  code_url: nullableString,
  video_file_id: nullableString,
  video_url: nullableString,
  error_message: nullableString,
  error_class: nullableString,
  error_log_id: nullableString,
  duration_seconds: nullableNumber,
  render_seconds: nullableNumber,
  owner: nullableString,
  lease_until: nullableString,
});
export type SceneRecord = z.infer<typeof SceneRecord>;

export type VideoPatch = Partial<Omit<VideoRecord, '$id' | '$createdAt' | '$updatedAt' | '$permissions'>>;
export type ScenePatch = Partial<Omit<SceneRecord, '$id' | '$createdAt' | '$updatedAt' | '$permissions'>>;

/**
 * The user who owns a row: the role its creator was granted. Taken from `$permissions`
 * rather than the `owner` column because Appwrite only lets a user grant roles they hold,
 * while any column value can be written by the creator.
 */
export function ownerOf(row: { $permissions: string[] }): string | null {
  for (const permission of row.$permissions) {
    const match = /^(?:read|update|delete|write)\("user:([^"/]+)"\)$/.exec(permission);
    if (match?.[1]) return match[1];
  }
  return null;
}
