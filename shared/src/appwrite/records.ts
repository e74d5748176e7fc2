import { z } from 'zod';
import { SceneRow } from '../domain/scene.js';
import { VideoRow } from '../domain/video.js';

/**
 * The domain's rows as the pipeline reads them back from TablesDB. Lenient on purpose: a row
 * written by a user (or an older version) must still parse so the handler can decide what to
 * do with it, so unknown columns pass through, the user's input columns are left for
 * plan-video to check, and a missing optional column reads as null (a counter as 0).
 */
type OrNull<T extends z.ZodType> = z.ZodPipe<T, z.ZodTransform<NonNullable<z.output<T>> | null, z.output<T>>>;
const orNull = <T extends z.ZodType>(column: T): OrNull<T> => column.transform((v) => v ?? null);
const orZero = <T extends z.ZodType<number | null | undefined>>(column: T) => column.transform((v) => v ?? 0);

function columnsOrNull<S extends Record<string, z.ZodType>>(shape: S): { [K in keyof S]: OrNull<S[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([key, column]) => [key, orNull(column)])) as { [K in keyof S]: OrNull<S[K]> };
}

const RowMeta = {
  $id: z.string(),
  $createdAt: z.string(),
  $updatedAt: z.string(),
  $permissions: z.array(z.string()).default([]),
};

const video = VideoRow.shape;
export const VideoRecord = z.looseObject({
  ...columnsOrNull(video),
  ...RowMeta,
  // What the user submitted; plan-video checks it (videoInputFromRow) and rejects the video.
  topic: z.unknown().optional(),
  description: z.unknown().optional(),
  quality: z.unknown().optional(),
  aspect_ratio: z.unknown().optional(),
  provider: z.unknown().optional(),
  voice: z.unknown().optional(),
  max_scenes: z.unknown().optional(),
  status: video.status,
  progress: orZero(video.progress),
  tokens_in: orZero(video.tokens_in),
  tokens_out: orZero(video.tokens_out),
  cost_usd: orZero(video.cost_usd),
});
export type VideoRecord = z.infer<typeof VideoRecord>;

const scene = SceneRow.shape;
export const SceneRecord = z.looseObject({
  ...columnsOrNull(scene),
  ...RowMeta,
  video_id: scene.video_id,
  scene_number: scene.scene_number,
  status: scene.status,
  attempt: orZero(scene.attempt),
  renders: orZero(scene.renders),
  pipeline_retry: scene.pipeline_retry.transform((v) => v ?? false),
});
export type SceneRecord = z.infer<typeof SceneRecord>;

export type VideoPatch = Partial<Omit<VideoRecord, '$id' | '$createdAt' | '$updatedAt' | '$permissions'>>;
export type ScenePatch = Partial<Omit<SceneRecord, '$id' | '$createdAt' | '$updatedAt' | '$permissions'>>;
