import { noUsage } from '../../domain/cost.js';
import { sceneLimits } from '../../domain/plan.js';
import type { LlmProvider } from '../provider.js';
import { writeScene } from './manim-writer.js';
import { offlinePlan } from './storyboard.js';

/** No network, no key, no tokens: a deterministic storyboard and hand-shaped Manim scenes. */
export function createOfflineProvider(opts: { latexAvailable: boolean }): LlmProvider {
  return {
    name: 'offline',
    model: 'offline-storyboard-v1',
    async plan(input) {
      return { plan: offlinePlan({ topic: input.topic, description: input.description, limits: sceneLimits(input.maxScenes) }), usage: noUsage };
    },
    async code(input) {
      return { code: writeScene({ ...input, latexAvailable: opts.latexAvailable }), usage: noUsage };
    },
  };
}
