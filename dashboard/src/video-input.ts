import { z } from 'zod';
import { Priority } from '../../shared/src/domain/priority.js';

export const qualities = ['preview', 'standard', 'high'] as const;
export const aspectRatios = ['16:9', '9:16', '1:1'] as const;
export const providers = ['auto', 'gemini', 'openai-compatible', 'offline'] as const;
export const priorities = Priority.options;

export const priorityLabels: Record<Priority, string> = { low: 'Low', normal: 'Normal', high: 'High (goes first)' };

export const voices = ['auto', 'none', 'piper', 'espeak', 'gemini', 'openai-compatible'] as const;

export const voiceLabels: Record<(typeof voices)[number], string> = {
  auto: 'Automatic',
  none: 'None (silent video)',
  piper: 'Piper (offline, natural)',
  espeak: 'eSpeak NG (offline, robotic, fastest)',
  gemini: 'Gemini speech',
  'openai-compatible': 'OpenAI-compatible speech server',
};

export const qualityLabels: Record<(typeof qualities)[number], string> = {
  preview: 'Preview (480p, fastest)',
  standard: 'Standard (720p)',
  high: 'High (1080p, slowest)',
};

export const providerLabels: Record<(typeof providers)[number], string> = {
  auto: 'Automatic',
  gemini: 'Gemini',
  'openai-compatible': 'OpenAI-compatible server',
  offline: 'Offline (no AI, built-in storyboard)',
};

// Appwrite measures string columns in characters, not UTF-16 units: count code points.
const characters = (value: string): number => [...value].length;
// Line breaks and tabs are fine in a description; other control characters are not text.
const controlInTopic = /[\u0000-\u001f\u007f]/;
const controlInDescription = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The form's rules: the same bounds as the `videos` table in appwrite.json. */
export const NewVideo = z.object({
  topic: z
    .string()
    .trim()
    .refine((v) => characters(v) >= 3, 'Give the topic at least 3 characters.')
    .refine((v) => characters(v) <= 200, 'Keep the topic to 200 characters or fewer.')
    .refine((v) => !controlInTopic.test(v), 'The topic contains invisible control characters; retype it on one line.'),
  description: z
    .string()
    .trim()
    .refine((v) => characters(v) <= 2000, 'Keep the description to 2,000 characters or fewer.')
    .refine((v) => !controlInDescription.test(v), 'The description contains invisible control characters.'),
  quality: z.enum(qualities, 'Pick a quality from the list.'),
  aspect_ratio: z.enum(aspectRatios, 'Pick an aspect ratio from the list.'),
  provider: z.enum(providers, 'Pick a provider from the list.'),
  priority: z.enum(priorities, 'Pick a priority from the list.'),
  voice: z.enum(voices, 'Pick a voice from the list.'),
  max_scenes: z
    .number('Scenes must be a whole number.')
    .int('Scenes must be a whole number.')
    .min(1, 'Ask for at least 1 scene.')
    .max(12, 'Ask for at most 12 scenes.')
    .nullable(),
});
export type NewVideo = z.infer<typeof NewVideo>;

export type NewVideoField = keyof NewVideo;
export type Validation = { ok: true; value: NewVideo } | { ok: false; errors: Partial<Record<NewVideoField, string>> };

/** Raw form values (strings) in, a row to create or a message per field out. */
export function validateNewVideo(raw: Record<NewVideoField, string>): Validation {
  const scenes = raw.max_scenes.trim();
  const parsed = NewVideo.safeParse({ ...raw, max_scenes: scenes === '' ? null : Number(scenes) });
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Partial<Record<NewVideoField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as NewVideoField;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * The topics of a form: the topic field and any more, one per line, each checked by the
 * topic rule. Several make a batch (one `batch_id`, the same options).
 */
export function formTopics(first: string, more: string): { ok: true; topics: string[] } | { ok: false; message: string } {
  const lines = [first, ...more.split(/\r?\n/)].map((l) => l.trim()).filter(Boolean);
  const topics: string[] = [];
  for (const [i, line] of lines.entries()) {
    const checked = NewVideo.shape.topic.safeParse(line);
    if (!checked.success) return { ok: false, message: `${i === 0 ? 'Topic' : `Topic ${i + 1}`}: ${checked.error.issues[0]?.message ?? 'invalid'}` };
    topics.push(checked.data);
  }
  return { ok: true, topics };
}
