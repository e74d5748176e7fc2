import { z } from 'zod';
import { NARRATION_MAX } from './narration.js';
import { DEFAULT_MAX_SCENES, MAX_SCENES_LIMIT } from './video.js';

export const SCENE_SECONDS_MIN = 3;
export const SCENE_SECONDS_MAX = 30;
export const PLAN_SCENES_MIN = 2;

/**
 * One scene of the storyboard: what it shows and for how long. Stored in `scenes.plan`; the
 * narration lives in its own column (`scenes.narration`), because a user edits it.
 */
export const ScenePlan = z.object({
  title: z.string().trim().min(1).max(120).describe('Short on-screen title of the scene'),
  goal: z.string().trim().min(1).max(500).describe('What the viewer should understand after this scene'),
  visuals: z
    .array(z.string().trim().min(1).max(200))
    .min(1)
    .max(8)
    .describe('Concrete things to draw or animate, in order'),
  layout: z.string().trim().max(200).optional().describe('Where things sit on screen'),
  duration_seconds: z
    .number()
    .min(SCENE_SECONDS_MIN)
    .max(SCENE_SECONDS_MAX)
    .describe(`Target length in seconds (${SCENE_SECONDS_MIN}-${SCENE_SECONDS_MAX})`),
});
export type ScenePlan = z.infer<typeof ScenePlan>;

/** A scene as a planner writes it: the storyboard plus what the narrator says over it. */
export const PlannedScene = ScenePlan.extend({
  narration: z
    .string()
    .trim()
    .min(1)
    .max(NARRATION_MAX)
    .describe('What the narrator says during this scene: 1-4 plain spoken sentences, no markup, no stage directions'),
});
export type PlannedScene = z.infer<typeof PlannedScene>;

export interface SceneLimits {
  min: number;
  max: number;
}

/**
 * Scene-count bounds for a request: at least 2, at most `max_scenes` (default 6, up to
 * 12 — the `videos.max_scenes` column's range). A user who asks for 1 gets exactly 1.
 */
export function sceneLimits(maxScenes?: number | null): SceneLimits {
  const max = Math.min(Math.max(Math.trunc(maxScenes ?? DEFAULT_MAX_SCENES), 1), MAX_SCENES_LIMIT);
  return { min: Math.min(PLAN_SCENES_MIN, max), max };
}

/** The plan schema for given bounds; also the source of the JSON schema sent to the LLM. */
export function planSchema(limits: SceneLimits = sceneLimits()) {
  return z.object({
    title: z.string().trim().min(1).max(200).describe('Title of the whole video'),
    scenes: z.array(PlannedScene).min(limits.min).max(limits.max),
  });
}

/** Any valid plan (2–12 scenes); use `planSchema(sceneLimits(n))` for one request's bounds. */
export const Plan = planSchema({ min: PLAN_SCENES_MIN, max: MAX_SCENES_LIMIT });
export type Plan = z.infer<typeof Plan>;

/** Encodes a scene plan for the `scenes.plan` column (4000 chars) and reads it back. */
export function encodeScenePlan(plan: ScenePlan): string {
  return JSON.stringify(ScenePlan.parse(plan));
}

export function decodeScenePlan(text: string): ScenePlan {
  return ScenePlan.parse(JSON.parse(text));
}
