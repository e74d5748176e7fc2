import { z } from 'zod';
import { LayoutFinding } from '../domain/layout-findings.js';
import { Cue } from '../domain/narration.js';
import { RenderErrorClass, SandboxLayer } from './contract.js';

/** The render worker's answer to `POST /render` (200); the clip travels as base64 in JSON. */
export const WorkerRenderAnswer = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    clipBase64: z.string().min(1),
    durationSeconds: z.number().nonnegative(),
    renderSeconds: z.number().nonnegative(),
    log: z.string(),
    sandbox: z.array(SandboxLayer),
    // Optional so a worker from before the layout check still answers readably.
    layoutFindings: z.array(LayoutFinding).default([]),
    thumbnailBase64: z.string().nullish(),
    layoutCheckSeconds: z.number().nonnegative().default(0),
    cues: z.array(Cue).optional(),
  }),
  z.object({
    ok: z.literal(false),
    errorClass: RenderErrorClass,
    message: z.string(),
    traceback: z.string(),
    log: z.string(),
  }),
]);
export type WorkerRenderAnswer = z.infer<typeof WorkerRenderAnswer>;

/** Any non-200 answer: 400 bad job, 401 token, 413 too big, 429 queue full, 503 shutting down. */
export const WorkerErrorAnswer = z.object({ message: z.string() });

export const RENDER_PATH = '/render';
export const HEALTH_PATH = '/health';
