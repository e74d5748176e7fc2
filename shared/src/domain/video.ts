import { z } from 'zod';
import { AspectRatio, ProviderChoice, Quality, VoiceChoice } from './options.js';
import { VideoStatus } from './status.js';
import { Priority } from './priority.js';

/**
 * Control characters other than tab and newline, line separators and bidi overrides:
 * they break logs, prompts and Python literals, or make text display differently than it reads.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
const CONTROL_OR_NEWLINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

export const TOPIC_MIN = 3;
export const TOPIC_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const MAX_SCENES_LIMIT = 12;
export const DEFAULT_MAX_SCENES = 6;

const Topic = z
  .string({ error: (iss) => (iss.input === undefined ? 'a topic is required' : 'the topic must be text') })
  .trim()
  .min(TOPIC_MIN, { error: `the topic must be at least ${TOPIC_MIN} characters` })
  .max(TOPIC_MAX, { error: `the topic must be at most ${TOPIC_MAX} characters` })
  .refine((s) => !CONTROL_OR_NEWLINE.test(s), { error: 'the topic must be one line without control characters' });

const Description = z
  .string({ error: 'the description must be text' })
  .trim()
  .max(DESCRIPTION_MAX, { error: `the description must be at most ${DESCRIPTION_MAX} characters` })
  .refine((s) => !CONTROL.test(s), { error: 'the description must not contain control characters' });

/**
 * What a person submits to make a video. Strict: an unknown option is an error, not
 * silently dropped, so a typo in a CLI flag or API call is visible.
 */
export const VideoInput = z.strictObject(
  {
    topic: Topic,
    description: Description.default(''),
    quality: Quality.default('preview'),
    aspect_ratio: AspectRatio.default('16:9'),
    provider: ProviderChoice.default('auto'),
    voice: VoiceChoice.default('auto'),
    max_scenes: z
      .number({ error: 'max_scenes must be a whole number' })
      .int({ error: 'max_scenes must be a whole number' })
      .min(1, { error: 'max_scenes must be at least 1' })
      .max(MAX_SCENES_LIMIT, { error: `max_scenes must be at most ${MAX_SCENES_LIMIT}` })
      .nullish()
      .transform((n) => n ?? DEFAULT_MAX_SCENES),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown option(s): ${iss.keys.join(', ')}` : undefined) },
);
export type VideoInput = z.output<typeof VideoInput>;
export type VideoInputDraft = z.input<typeof VideoInput>;

const inputKeys = ['topic', 'description', 'quality', 'aspect_ratio', 'provider', 'voice', 'max_scenes'] as const;

export type InputResult = { ok: true; value: VideoInput } | { ok: false; message: string };

/** Validates user input and turns zod's issues into one sentence a person can act on. */
export function parseVideoInput(raw: unknown): InputResult {
  const r = VideoInput.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, message: describeIssues(r.error) };
}

/**
 * The input part of a stored row. A row carries pipeline columns too, and Appwrite
 * stores `null` for empty optional columns, so those read as "not given".
 */
export function videoInputFromRow(row: Record<string, unknown>): InputResult {
  const picked: Record<string, unknown> = {};
  for (const k of inputKeys) if (row[k] !== null && row[k] !== undefined) picked[k] = row[k];
  return parseVideoInput(picked);
}

export function describeIssues(error: z.ZodError): string {
  const enumNames: Record<string, string> = {
    quality: `quality must be one of ${Quality.options.join(', ')}`,
    aspect_ratio: `aspect_ratio must be one of ${AspectRatio.options.join(', ')}`,
    provider: `provider must be one of ${ProviderChoice.options.join(', ')}`,
    voice: `voice must be one of ${VoiceChoice.options.join(', ')}`,
  };
  return error.issues
    .map((iss) => {
      const key = String(iss.path[0] ?? '');
      if (iss.code === 'invalid_value' && enumNames[key]) return enumNames[key];
      return iss.message;
    })
    .join('; ');
}

const nullableString = z.string().nullish();
const nullableInt = z.number().int().nullish();
const nullableNumber = z.number().nullish();

/** A `videos` row as the server returns it (appwrite.json is the source of the columns). */
export const VideoRow = z.looseObject({
  $id: z.string(),
  $createdAt: z.string().optional(),
  $updatedAt: z.string().optional(),
  $permissions: z.array(z.string()).optional(),
  topic: z.string(),
  description: nullableString,
  quality: Quality.nullish(),
  aspect_ratio: AspectRatio.nullish(),
  provider: ProviderChoice.nullish(),
  voice: VoiceChoice.nullish(),
  max_scenes: nullableInt,
  status: VideoStatus,
  progress: nullableInt,
  current_scene: nullableInt,
  scene_count: nullableInt,
  provider_used: nullableString,
  model: nullableString,
  voice_used: nullableString,
  combined_video_id: nullableString,
  combined_video_url: nullableString,
  partial_video_id: nullableString,
  partial_video_url: nullableString,
  /** WebVTT captions of the file the row links: the final video, or the partial one. */
  captions_file_id: nullableString,
  captions_url: nullableString,
  error_message: nullableString,
  owner: nullableString,
  lease_until: nullableString,
  started_at: nullableString,
  planned_at: nullableString,
  finished_at: nullableString,
  /** When the video is expected to be done (shared/src/stats/eta.ts); set at planning, revised as scenes finish. */
  eta_at: nullableString,
  duration_seconds: nullableNumber,
  render_seconds: nullableNumber,
  tokens_in: nullableInt,
  tokens_out: nullableInt,
  cost_usd: nullableNumber,
  intermediates_deleted_at: nullableString,
  batch_id: nullableString,
  priority: Priority.nullish(),
  /** A still for the `<video poster>`: the thumbnail (bucket `thumbnails`) of the video's first scene. */
  poster_file_id: nullableString,
  poster_url: nullableString,
});
export type VideoRow = z.infer<typeof VideoRow>;
