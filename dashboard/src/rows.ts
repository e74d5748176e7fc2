import { z } from 'zod';
import { SceneRow as StoredScene } from '../../shared/src/domain/scene.js';
import { VideoRow as StoredVideo } from '../../shared/src/domain/video.js';

// Rows as the dashboard reads them (REST answers and Realtime payloads alike): the domain's
// rows with their timestamps required. Optional columns come back as null; anything the
// dashboard does not show is dropped by parsing.
const RowMeta = {
  $createdAt: z.string(),
  $updatedAt: z.string(),
};
const notShown = { $permissions: true, owner: true, lease_until: true } as const;

export const VideoRow = z.object({ ...StoredVideo.omit(notShown).shape, ...RowMeta });
export type VideoRow = z.infer<typeof VideoRow>;

export const SceneRow = z.object({ ...StoredScene.omit(notShown).shape, ...RowMeta });
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
