import type { SceneRecord, VideoRecord } from '../../appwrite/records.js';
import type { Usage } from '../../domain/cost.js';
import { sceneId } from '../../domain/ids.js';
import { encodeScenePlan, type PlannedScene, type ScenePlan } from '../../domain/plan.js';
import type { Llm, LlmFactory, PlanRequest, Speaker, SpeakerFactory } from '../ports.js';
import { splitSentences } from '../../domain/narration.js';
import type { CodeRequest } from '../../llm/provider.js';
import type { RenderFailure, RenderSuccess } from '../../render/contract.js';
import type { MemoryStore } from './memory-store.js';

/**
 * Rows and ports as the handlers meet them, for handler tests: a signed-in user's video, the
 * scenes plan-video writes, and an LLM port that answers what the test scripts.
 */
export const OWNER = 'user1';
export const VIDEO_ID = 'video1';

/** What Appwrite grants the creator of a row under row security. */
export const ownerRowPermissions = [`read("user:${OWNER}")`, `update("user:${OWNER}")`, `delete("user:${OWNER}")`];

export function aScenePlan(n = 1): ScenePlan {
  return { title: `Light enters the drop ${n}`, goal: 'See refraction split white light', visuals: ['a raindrop', 'a ray bending'], duration_seconds: 6 };
}

/** A scene as a planner answers it: the storyboard and its narration. */
export function aPlannedScene(n = 1): PlannedScene {
  return { ...aScenePlan(n), narration: `Light enters drop ${n} and bends. White light splits into its colours.` };
}

export function seedVideo(store: MemoryStore, columns: Record<string, unknown> = {}): VideoRecord {
  return store.seedVideo({ $id: VIDEO_ID, topic: 'How rainbows form', status: 'queued', ...columns }, ownerRowPermissions);
}

/** A scene row as plan-video creates it, then as the test needs it. */
export function seedScene(store: MemoryStore, n: number, columns: Record<string, unknown> = {}): SceneRecord {
  return store.seedScene({
    $id: sceneId(VIDEO_ID, n), video_id: VIDEO_ID, scene_number: n, title: aScenePlan(n).title, plan: encodeScenePlan(aScenePlan(n)),
    status: 'planned', attempt: 0, renders: 0, owner: OWNER, ...columns,
  }, [`read("user:${OWNER}")`, `update("user:${OWNER}")`]);
}

export const NO_USAGE: Usage = { tokensIn: 0, tokensOut: 0 };

export type ScriptedLlm = LlmFactory & { plans: PlanRequest[]; codes: CodeRequest[]; builds: number };

/**
 * An LLM port whose answers the test gives: a value, or a function that may throw as a
 * provider does. Records every request so a test can check what the handler asked.
 */
export function scriptedLlm(script: {
  plan?: (req: PlanRequest) => Awaited<ReturnType<Llm['plan']>>;
  code?: (req: CodeRequest) => Awaited<ReturnType<Llm['code']>>;
  build?: () => void;
  name?: string;
  model?: string;
}): ScriptedLlm {
  const factory: ScriptedLlm = Object.assign(async () => {
    factory.builds += 1;
    script.build?.();
    const llm: Llm = {
      name: script.name ?? 'gemini',
      model: script.model ?? 'gemini-2.5-flash',
      async plan(req: PlanRequest) {
        factory.plans.push(req);
        if (!script.plan) throw new Error('the test gave no plan answer');
        return script.plan(req);
      },
      async code(req: CodeRequest) {
        factory.codes.push(req);
        if (!script.code) throw new Error('the test gave no code answer');
        return script.code(req);
      },
    };
    return llm;
  }, { plans: [] as PlanRequest[], codes: [] as CodeRequest[], builds: 0 });
  return factory;
}

/** Manim code the deterministic rewrite accepts as it is. */
export function manimCode(className: string): string {
  return `from manim import *\n\n\nclass ${className}(Scene):\n    def construct(self):\n        dot = Dot()\n        self.play(Create(dot))\n        self.wait(1)\n`;
}

/** A backend's answer for a clean render: a clip, no layout findings, no picture. */
export function aRenderedClip(extra: Partial<RenderSuccess> = {}): RenderSuccess {
  return { ok: true, clip: Buffer.from([0, 0, 0, 24, 102, 116, 121, 112]), durationSeconds: 6, renderSeconds: 2, log: 'ok', sandbox: ['prlimit', 'timeout'], layout: { findings: [], thumbnail: null, checkSeconds: 0 }, ...extra };
}

/** A backend's answer for a render that raised in the scene's code. */
export function aRenderFailure(extra: Partial<RenderFailure> = {}): RenderFailure {
  return { ok: false, errorClass: 'runtime', message: "NameError: name 'Dott' is not defined", traceback: 'Traceback (most recent call last):\nNameError: Dott', log: 'manim log', ...extra };
}

export type ScriptedSpeakers = SpeakerFactory & { spoken: string[]; voices: string[] };

/**
 * A voice port for handler tests: each sentence "lasts" a second per three words, and the
 * audio is a WAV-sized stand-in; `fail` makes it throw as an engine does. Records what it said.
 */
export function scriptedSpeakers(script: { fail?: (narration: string) => Error | null } = {}): ScriptedSpeakers {
  const factory: ScriptedSpeakers = Object.assign(async (_config: unknown, voice: string) => {
    factory.voices.push(voice);
    if (voice === 'none') return null;
    const speaker: Speaker = {
      id: `${voice}:test`,
      async speak(narration: string) {
        factory.spoken.push(narration);
        const failure = script.fail?.(narration);
        if (failure) throw failure;
        const texts = splitSentences(narration);
        if (texts.length === 0) return null;
        let at = 0;
        const sentences = texts.map((text) => {
          const duration = Math.max(1, text.split(' ').length / 3);
          const s = { text, start: at, duration };
          at += duration + 0.3;
          return s;
        });
        return { wav: new TextEncoder().encode(`RIFF ${narration}`), speech: { voice: `${voice}:test`, sentences, seconds: at - 0.3 } };
      },
    };
    return speaker;
  }, { spoken: [] as string[], voices: [] as string[] });
  return factory;
}
