import type { FunctionConfig } from '../appwrite/config.js';
import type { Plan } from '../domain/plan.js';
import type { ProviderChoice, VoiceChoice, VoiceName } from '../domain/options.js';
import type { Speech } from '../domain/narration.js';
import type { Usage } from '../domain/cost.js';
import type { CodeRequest, PlanRequest } from '../llm/provider.js';
import type { RenderBackend } from '../render/contract.js';

/**
 * What the handlers need from the LLM, rendering and media parts, as the handlers use it.
 * `main.ts` of each function wires the real implementations in; these shapes follow the
 * seams in docs/PARTS.md, so the owners' modules satisfy them structurally.
 */
export type { CodeRequest, PlanRequest } from '../llm/provider.js';
export type { RenderJob, RenderResult } from '../render/contract.js';

export type Llm = {
  readonly name: string;
  readonly model: string;
  plan(input: PlanRequest): Promise<{ plan: Plan; usage: Usage }>;
  code(input: CodeRequest): Promise<{ code: string; usage: Usage }>;
};

/** Builds the provider a video asked for from the function's config; throws on a config error. */
export type LlmFactory = (config: FunctionConfig, choice: ProviderChoice) => Llm | Promise<Llm>;

/** A render backend (render/contract.ts): the job's code in the sandbox, the clip or a classified failure. */
export type Renderer = RenderBackend;
export type RendererFactory = (config: FunctionConfig) => Renderer | Promise<Renderer>;

/** One voice, ready to speak a scene's narration: `null` answer when there is nothing to say. */
export type Speaker = {
  /** Engine, model and settings: with the narration, the key of the audio it makes. */
  readonly id: string;
  speak(narration: string): Promise<{ wav: Uint8Array; speech: Speech } | null>;
};
/** The speaker for a video's resolved voice; `null` for `none`. Throws on a config error (an `LlmError`). */
export type SpeakerFactory = (config: FunctionConfig, voice: VoiceName) => Speaker | null | Promise<Speaker | null>;
/** Which voice a video gets for what it asked (`auto` looks at the keys and what is installed). */
export type VoicePicker = (config: FunctionConfig, choice: VoiceChoice) => VoiceName | Promise<VoiceName>;

/** Joins the clip files, in order, into `outPath` (streamed: no clip is held in memory whole). */
export type Concat = (clipPaths: string[], outPath: string) => Promise<void>;

/** The code rewrite rung of the repair ladder. */
export type Rewrite = (code: string) => { code: string; changes: string[] };
