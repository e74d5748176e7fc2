import { z } from 'zod';
import type { LayoutReport } from './layout-report.js';
import { Cue, SpokenSentence } from '../domain/narration.js';
import { AspectRatio, Quality } from '../domain/options.js';
import { Priority } from '../domain/priority.js';

/**
 * The render seam: what a backend (local sandbox, render worker) is asked and answers. The
 * pipeline's `Renderer` port is this interface; the presets are the domain's own enums.
 */

export const RenderJob = z.object({
  code: z.string().min(1).max(200_000),
  className: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'a Python class name'),
  quality: Quality,
  aspectRatio: AspectRatio,
  timeoutMs: z.number().int().positive().max(3_600_000).optional(),
  /**
   * A narrated video's scene: its prepared audio (base64 WAV; absent when the scene says
   * nothing) and the sentences in it. The clip then carries one AAC track, speech or silence.
   */
  narration: z.object({ audioBase64: z.string().min(1).max(40_000_000).optional(), sentences: z.array(SpokenSentence).max(200) }).optional(),
  /** The video's priority: the render worker's queue takes higher first (domain/priority.ts). */
  priority: Priority.optional(),
});
export type RenderJob = z.infer<typeof RenderJob>;

export const RenderErrorClass = z.enum(['gate', 'api', 'syntax', 'runtime', 'latex', 'timeout', 'resource', 'sandbox', 'internal']);
export type RenderErrorClass = z.infer<typeof RenderErrorClass>;

/** The sandbox layers a render ran under, as probed on this host. */
export const SandboxLayer = z.enum(['bwrap', 'setpriv', 'non-root', 'prlimit', 'timeout']);
export type SandboxLayer = z.infer<typeof SandboxLayer>;

export type RenderSuccess = {
  ok: true;
  clip: Buffer;
  durationSeconds: number;
  renderSeconds: number;
  log: string;
  sandbox: SandboxLayer[];
  /** What the layout check saw on screen during this same render. */
  layout: LayoutReport;
  /** When each narration sentence is heard in the clip (narrated jobs only). */
  cues?: Cue[];
};

export type RenderFailure = {
  ok: false;
  errorClass: RenderErrorClass;
  /** Short and human: the useful last line, e.g. `NameError: name 'foo' is not defined (scene.py line 7: foo.bar())`. */
  message: string;
  /** The tail of the traceback, at most 4 KB, meant to go back to the LLM with the code. */
  traceback: string;
  log: string;
};

export type RenderResult = RenderSuccess | RenderFailure;

export interface RenderBackend {
  render(job: RenderJob, signal?: AbortSignal): Promise<RenderResult>;
  /** Present when renders may be handed off and their results written back later (the render worker's job API). */
  handOff?: HandOff;
}

/** The caller's note kept with a handed-off job and answered with its result (which scene, which render). */
export type JobTag = Record<string, string | number>;

export type CollectedJob = { state: 'pending' | 'missing' } | { state: 'done'; tag: JobTag; result: RenderResult };

/**
 * A hand-off: `submit` queues the job elsewhere and returns at once; when it ends, an
 * execution of `functionId` is created whose body names the job, and `collect` reads the
 * result and the tag it was submitted with.
 */
export interface HandOff {
  /** How long a job may take, from submission to its write-back, before it counts as lost. */
  readonly deadlineSeconds: number;
  submit(job: RenderJob, callback: { functionId: string; tag: JobTag }): Promise<{ ok: true; jobId: string } | RenderFailure>;
  collect(jobId: string): Promise<CollectedJob>;
}

export const TRACEBACK_LIMIT = 4096;
/** Logs are kept for Storage; the tail is what matters when a render fails. */
export const LOG_LIMIT = 64 * 1024;

export function failure(errorClass: RenderErrorClass, message: string, details: { traceback?: string; log?: string } = {}): RenderFailure {
  return { ok: false, errorClass, message, traceback: tail(details.traceback ?? '', TRACEBACK_LIMIT), log: tail(details.log ?? '', LOG_LIMIT) };
}

/** The last `limit` bytes of a text, cut at a line start when possible. */
export function tail(text: string, limit: number): string {
  if (Buffer.byteLength(text) <= limit) return text;
  const cut = Buffer.from(text).subarray(-limit).toString('utf8');
  const newline = cut.indexOf('\n');
  return newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
}
