import { z } from 'zod';
import { addUsage, noUsage, type Usage } from '../domain/cost.js';
import { planSchema, sceneLimits } from '../domain/plan.js';
import { extractJsonObject, extractPythonCode } from './answer-text.js';
import { LlmError } from './errors.js';
import { codePrompt, emptyAnswerRetry, planPrompt, planRepairPrompt, truncatedAnswerRetry, type Prompt } from './prompts.js';
import { truncationOf } from './truncation.js';
import type { LlmProvider } from './provider.js';

export interface ChatRequest {
  prompt: Prompt;
  /** JSON schema for structured output; absent for code. */
  jsonSchema?: Record<string, unknown>;
}

/** One network round trip (with its own transport retries) that returns text and usage. */
export interface ChatBackend {
  readonly name: 'gemini' | 'openai-compatible';
  readonly model: string;
  /** `finishReason` as the provider names it (MAX_TOKENS, length, STOP …), when it says. */
  complete(request: ChatRequest): Promise<{ text: string; usage: Usage; finishReason?: string | null }>;
}

/**
 * Plan and code on top of any chat backend. Output problems (empty answer, prose,
 * schema violations) get one repair round; transport problems were already retried
 * by the backend.
 */
export function chatProvider(backend: ChatBackend, opts: { latexAvailable: boolean }): LlmProvider {
  return {
    name: backend.name,
    model: backend.model,

    async plan(input) {
      const limits = sceneLimits(input.maxScenes);
      const schema = planSchema(limits);
      // `$schema` is dropped: Gemini's endpoint rejects that keyword in responseJsonSchema.
      const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema) as Record<string, unknown>;
      const promptInput = { topic: input.topic, description: input.description, limits, aspectRatio: input.aspectRatio };
      let usage = noUsage;
      let prompt = planPrompt(promptInput);
      let problem = '';
      for (let round = 0; round < 2; round++) {
        const answer = await backend.complete({ prompt, jsonSchema });
        usage = addUsage(usage, answer.usage);
        const value = extractJsonObject(answer.text);
        if (value === undefined) {
          problem = answer.text.trim() ? 'the answer was not a JSON object' : 'the answer was empty';
        } else {
          const parsed = schema.safeParse(value);
          if (parsed.success) return { plan: parsed.data, usage };
          problem = `the JSON did not match the schema: ${z.prettifyError(parsed.error).slice(0, 800)}`;
        }
        prompt = planRepairPrompt(promptInput, answer.text, problem);
      }
      throw new LlmError('bad_output', `${backend.name} returned no usable plan after a repair attempt: ${problem}`);
    },

    async code(input) {
      const first = codePrompt({ ...input, latexAvailable: opts.latexAvailable });
      let usage = noUsage;
      let prompt = first;
      let emptyRetried = false;
      let cutRetried = false;
      for (;;) {
        const answer = await backend.complete({ prompt });
        usage = addUsage(usage, answer.usage);
        if (!answer.text.trim()) {
          if (emptyRetried) break;
          emptyRetried = true;
          prompt = emptyAnswerRetry(first);
          continue;
        }
        const code = extractPythonCode(answer.text);
        const cut = truncationOf(answer.text, code, answer.finishReason);
        // A cut-off file needs a shorter whole answer, not a repair of broken code; once.
        if (!cut || cutRetried) return { code, usage };
        cutRetried = true;
        prompt = truncatedAnswerRetry(first, cut);
      }
      throw new LlmError('bad_output', `${backend.name} returned an empty answer twice for scene ${input.sceneNumber}`);
    },
  };
}
