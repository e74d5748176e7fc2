import type { FunctionConfig } from '../appwrite/config.js';
import type { Plan } from '../domain/plan.js';
import type { AspectRatio, ProviderChoice, Quality } from '../domain/options.js';
import type { Usage } from '../domain/cost.js';
import type { CodeRequest } from '../llm/provider.js';
import type { LayoutFinding } from '../domain/layout-findings.js';

/**
 * What the handlers need from the LLM, rendering and media parts, as the handlers use it.
 * `main.ts` of each function wires the real implementations in; these shapes follow the
 * seams in docs/PARTS.md, so the owners' modules satisfy them structurally.
 */
export type PlanRequest = { topic: string; description: string; maxScenes: number; aspectRatio: AspectRatio };

export type Llm = {
  readonly name: string;
  readonly model: string;
  plan(input: PlanRequest): Promise<{ plan: Plan; usage: Usage }>;
  code(input: CodeRequest): Promise<{ code: string; usage: Usage }>;
};

/** Builds the provider a video asked for from the function's config; throws on a config error. */
export type LlmFactory = (config: FunctionConfig, choice: ProviderChoice) => Llm | Promise<Llm>;

export type RenderJob = { code: string; className: string; quality: Quality; aspectRatio: AspectRatio; timeoutMs?: number };
export type RenderResult =
  | { ok: true; clip: Uint8Array; durationSeconds: number; renderSeconds: number; log: string; sandbox?: string[]; layout?: { findings: LayoutFinding[]; thumbnail: Uint8Array | null } }
  | { ok: false; errorClass: string; message: string; traceback: string; log: string };

export type Renderer = { render(job: RenderJob, signal?: AbortSignal): Promise<RenderResult> };
export type RendererFactory = (config: FunctionConfig) => Renderer | Promise<Renderer>;

/** Joins the clip files, in order, into `outPath` (streamed: no clip is held in memory whole). */
export type Concat = (clipPaths: string[], outPath: string) => Promise<void>;

/** The code rewrite rung of the repair ladder. */
export type Rewrite = (code: string) => { code: string; changes: string[] };
