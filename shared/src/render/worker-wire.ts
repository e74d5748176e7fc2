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

/**
 * The asynchronous job API. `POST /jobs` takes a render job plus `callback`: when the job
 * ends, the worker creates an asynchronous execution of `callback.functionId` whose body is
 * a `WriteBack` naming the job. `tag` is the caller's own note (which scene, which render);
 * the worker keeps it with the job and answers it with the result, so the function trusts
 * the tag it reads from the worker, never the one in the execution's body.
 */
export const JobCallback = z.object({
  functionId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/, 'an Appwrite function id'),
  tag: z.record(z.string().max(40), z.union([z.string().max(200), z.number()])).refine((t) => Object.keys(t).length <= 8, 'at most 8 tag fields'),
});
export type JobCallback = z.infer<typeof JobCallback>;

/** `POST /jobs` → `202 { jobId }` at once; 429/503/401/413/400 as for `/render`. */
export const WorkerJobAccepted = z.object({ jobId: z.string().min(1) });

/** `GET /jobs/:id` → 200 with the job's state; the result stays readable for a bounded time, then 404. */
export const WorkerJobState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('queued'), tag: JobCallback.shape.tag }),
  z.object({ state: z.literal('running'), tag: JobCallback.shape.tag }),
  z.object({ state: z.literal('done'), tag: JobCallback.shape.tag, result: WorkerRenderAnswer }),
]);
export type WorkerJobState = z.infer<typeof WorkerJobState>;

/** The body of the execution the worker creates when a job ends. */
export const WriteBack = z.object({ renderJob: z.object({ id: z.string().min(1).max(64) }) });
export type WriteBack = z.infer<typeof WriteBack>;

export const JOBS_PATH = '/jobs';
