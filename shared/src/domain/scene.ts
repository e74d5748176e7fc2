import { z } from 'zod';
import { Priority } from './priority.js';
import { SceneStatus } from './status.js';

const nullableString = z.string().nullish();
const nullableInt = z.number().int().nullish();
const nullableNumber = z.number().nullish();

/** A `scenes` row as the server returns it; `plan` holds a JSON-encoded ScenePlan. */
export const SceneRow = z.looseObject({
  $id: z.string(),
  $createdAt: z.string().optional(),
  $updatedAt: z.string().optional(),
  $permissions: z.array(z.string()).optional(),
  video_id: z.string(),
  scene_number: z.number().int().min(1),
  title: nullableString,
  plan: nullableString,
  /** What the narrator says (plain text, at most 2,000 characters); a user may edit it and re-run the scene. */
  narration: nullableString,
  /** The scene's audio file and the key of what made it (voice + narration), so unchanged narration is not spoken again. */
  audio_file_id: nullableString,
  audio_key: nullableString,
  /** JSON `Speech`: each sentence's place in the audio file. */
  speech: nullableString,
  /** JSON `Cue[]`: when each sentence is heard in the rendered clip. */
  cues: nullableString,
  status: SceneStatus,
  attempt: nullableInt,
  renders: nullableInt,
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
  priority: Priority.nullish(),
  /** JSON array of LayoutFinding (domain/layout-findings.ts) for the clip the scene holds. */
  layout_findings: nullableString,
  /** JSON LayoutKept while a layout repair is under way: the rendered attempt to fall back on. */
  layout_kept: nullableString,
  thumbnail_file_id: nullableString,
  thumbnail_url: nullableString,
  /** Set by the pipeline when it sends the scene back to `planned` for another attempt of the same run. */
  pipeline_retry: z.boolean().nullish(),
});
export type SceneRow = z.infer<typeof SceneRow>;
