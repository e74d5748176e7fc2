import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INVALID_KEY, startFakeGemini, type FakeGemini } from '../../../infra/testing/fake-gemini.js';
import { LlmError } from './errors.js';
import { createProvider, type LlmProvider, type ProviderDeps } from './provider.js';

const KEY = 'AIzaFAKE-secret-key-0123456789';
let fake: FakeGemini;

beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function gemini(overrides: Record<string, unknown> = {}, deps: ProviderDeps = {}): LlmProvider {
  return createProvider({ provider: 'auto', geminiApiKey: KEY, geminiBaseUrl: fake.url, timeoutMs: 2000, maxRetries: 3, retryBaseMs: 1, ...overrides }, deps);
}

const planInput = (topic: string) => ({ topic, description: 'Heat flows from hot to cold. Entropy never decreases in an isolated system.', maxScenes: 4, aspectRatio: '16:9' as const });

describe('gemini provider through @google/genai against the fake REST API', () => {
  it('gets a schema-checked plan with structured output and token usage', async () => {
    const p = gemini();
    expect(p.name).toBe('gemini');
    const { plan, usage } = await p.plan(planInput('Entropy'));
    expect(plan.scenes.length).toBeGreaterThanOrEqual(2);
    expect(plan.scenes.length).toBeLessThanOrEqual(4);
    expect(usage.tokensIn).toBeGreaterThan(0);
    expect(usage.tokensOut).toBeGreaterThan(0);
    const [req] = fake.requests;
    expect(req?.model).toBe('gemini-2.5-flash');
    expect(req?.hadApiKey).toBe(true);
    expect(JSON.stringify(req?.headers)).not.toContain(KEY);
    const gen = (req?.body as { generationConfig: { responseMimeType: string; responseJsonSchema: { properties: { scenes: { maxItems: number } } } } }).generationConfig;
    expect(gen.responseMimeType).toBe('application/json');
    expect(gen.responseJsonSchema.properties.scenes.maxItems).toBe(4);
  });

  it('retries 429s with backoff and gets through', async () => {
    const delays: number[] = [];
    const { plan } = await gemini({}, { sleep: async (ms) => void delays.push(ms) }).plan(planInput('Entropy [429x2]'));
    expect(plan.scenes.length).toBeGreaterThan(0);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(delays).toEqual([0, 0]); // the fake says Retry-After: 0, and that wins over our own backoff
  });

  it('respects a longer Retry-After', async () => {
    fake.script({ match: 'Retry topic', answer: { status: 429, retryAfter: '2' } });
    const delays: number[] = [];
    await gemini({}, { sleep: async (ms) => void delays.push(ms) }).plan(planInput('Retry topic'));
    expect(delays).toEqual([2000]);
  });

  it('backs off exponentially on 5xx and gives up after maxRetries with a typed error that hides the key', async () => {
    const delays: number[] = [];
    const err = await gemini({ maxRetries: 2, retryBaseMs: 100 }, { sleep: async (ms) => void delays.push(ms) })
      .plan(planInput('Entropy [503x9]'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err).toMatchObject({ kind: 'unavailable', retriable: true, status: 503 });
    expect((err as Error).message).not.toContain(KEY);
    expect((err as Error).message).toBe('gemini answered HTTP 503: The model is overloaded. Please try again later. (gave up after 3 attempts)');
    expect(fake.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]!).toBeGreaterThanOrEqual(50);
    expect(delays[0]!).toBeLessThanOrEqual(100);
    expect(delays[1]!).toBeGreaterThanOrEqual(100);
    expect(delays[1]!).toBeLessThanOrEqual(200);
  });

  it('times out a hanging request and succeeds on the retry', async () => {
    const { plan } = await gemini({ timeoutMs: 300 }).plan(planInput('Entropy [hang]'));
    expect(plan.scenes.length).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(2);
  });

  it('reports a timeout when no retries are left', async () => {
    const err = await gemini({ timeoutMs: 200, maxRetries: 0 }).plan(planInput('Entropy [hang]')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'timeout', retriable: true });
  });

  it('refuses a bad key without retrying and without echoing it', async () => {
    const err = await gemini({ geminiApiKey: INVALID_KEY }).plan(planInput('Entropy')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'bad_output', retriable: false, status: 400 });
    expect(fake.requests).toHaveLength(1);
    expect((err as Error).message).not.toContain(INVALID_KEY);
  });

  it('takes the JSON out of prose without a second request', async () => {
    const { plan } = await gemini().plan(planInput('Entropy [prose-plan]'));
    expect(plan.scenes.length).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(1);
  });

  it.each(['[prose-only-plan]', '[empty-plan]', '[invalid-plan]'])('repairs a %s answer once, telling the model what was wrong', async (marker) => {
    const { plan, usage } = await gemini().plan(planInput(`Entropy ${marker}`));
    expect(plan.scenes.length).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.prompt).toContain('PREVIOUS ANSWER WAS REJECTED');
    if (marker === '[invalid-plan]') expect(fake.requests[1]!.prompt).toMatch(/duration_seconds|visuals/);
    expect(usage.tokensIn).toBeGreaterThan(fake.requests[0]!.prompt.length / 4);
  });

  it('gives a bad_output error when the repair fails too', async () => {
    const err = await gemini().plan(planInput('Entropy [invalid-plan-always]')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'bad_output', retriable: false });
    expect(fake.requests).toHaveLength(2);
  });
});

describe('gemini code requests', () => {
  const scene = { title: 'Heat flow', goal: 'Heat moves from hot to cold', visuals: ['Bullet: hot to cold'], layout: 'bullets', duration_seconds: 6 };
  const codeInput = (topic: string) => ({ topic, scene, sceneNumber: 1, sceneCount: 3, className: 'Scene01', quality: 'preview' as const, aspectRatio: '16:9' as const });

  it('returns the fenced Python only, and sends the traceback with the failed code on a retry', async () => {
    const p = gemini();
    const first = await p.code(codeInput('Entropy [fail-first-render]'));
    expect(first.code).toMatch(/^# Generated/);
    expect(first.code).not.toContain('```');
    expect(first.code).toContain('VGroup(Dot())[3]');
    const traceback = 'Traceback (most recent call last):\n  File "scene.py", line 19, in construct\nIndexError: list index out of range';
    const second = await p.code({ ...codeInput('Entropy [fail-first-render]'), previous: { code: first.code, error: traceback } });
    expect(second.code).not.toContain('VGroup(Dot())[3]');
    const retryPrompt = fake.requests[1]!.prompt;
    expect(retryPrompt).toContain('PREVIOUS ATTEMPT FAILED');
    expect(retryPrompt).toContain("IndexError: list index out of range");
    expect(retryPrompt).toContain('self.add(VGroup(Dot())[3])');
  });

  it('asks again once after an empty answer', async () => {
    const { code } = await gemini().code(codeInput('Entropy [empty-code]'));
    expect(code).toContain('class Scene01(Scene)');
    expect(fake.requests).toHaveLength(2);
  });

  it('asks for a shorter whole file after an answer cut off at the output limit, not a repair', async () => {
    const { code } = await gemini().code(codeInput('Entropy [truncated-code]'));
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.prompt).toMatch(/PREVIOUS ANSWER WAS REJECTED: it was cut off \(the provider stopped at its output limit \(finish reason MAX_TOKENS\)\)/);
    expect(fake.requests[1]!.prompt).not.toContain('PREVIOUS ATTEMPT FAILED');
    expect(code.startsWith('# Generated')).toBe(true);
    expect(code.trimEnd().endsWith(')')).toBe(true);
  });

  it('takes a cut-off answer for truncated from its open brackets when the provider says STOP', async () => {
    fake.script({ match: 'Entropy', kind: 'code', answer: { text: '```python\nfrom manim import *\nclass Scene01(Scene):\n    def construct(self):\n        self.play(Create(Circle(radius=' } });
    await gemini().code(codeInput('Entropy'));
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.prompt).toMatch(/cut off \(the answer ends inside an open ``` code block\)/);
  });
});
