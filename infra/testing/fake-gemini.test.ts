import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runPythonJson } from '../../shared/src/llm/offline/python-check.js';
import { codePrompt } from '../../shared/src/llm/prompts.js';
import { createProvider } from '../../shared/src/llm/provider.js';
import { startFakeGemini, type FakeGemini } from './fake-gemini.js';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const provider = () => createProvider({ geminiApiKey: 'test-key-123', geminiBaseUrl: fake.url, retryBaseMs: 1, timeoutMs: 2000 });

async function firstSceneCode(topic: string, previous?: { code: string; error: string }) {
  const p = provider();
  const { plan } = await p.plan({ topic, description: 'Heat flows from hot to cold.', maxScenes: 3, aspectRatio: '16:9' });
  const { code } = await p.code({ topic, scene: plan.scenes[0]!, sceneNumber: 1, sceneCount: plan.scenes.length, className: 'Scene01', quality: 'preview', aspectRatio: '16:9', ...(previous ? { previous } : {}) });
  return code;
}

// Python's parser tells "passes the gate, fails at render" apart from "SyntaxError".
const PARSES = 'import ast, json, sys\nout = []\nfor c in json.load(sys.stdin):\n    try:\n        ast.parse(c); out.append(True)\n    except SyntaxError:\n        out.append(False)\nprint(json.dumps(out))';

describe('fake Gemini fault markers', () => {
  it('[fail-first-render] gives parseable code that fails only when rendered first, working code on the retry', async () => {
    const bad = await firstSceneCode('Heat [fail-first-render]');
    const good = await firstSceneCode('Heat [fail-first-render]', { code: bad, error: 'IndexError: list index out of range' });
    expect(bad).toContain('VGroup(Dot())[3]');
    expect(good).not.toContain('VGroup(Dot())[3]');
    expect(runPythonJson<boolean[]>(PARSES, [bad, good])).toEqual([true, true]);
  });

  it('[always-fail-render] fails on retries too; [truncated-code] does not parse', async () => {
    const always = await firstSceneCode('Heat [always-fail-render]', { code: 'x', error: 'NameError' });
    expect(always).toContain('VGroup(Dot())[3]');
    // Asked directly: the provider itself would ask again for a whole file.
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: fake.url } });
    const prompt = codePrompt({ topic: 'Heat [truncated-code]', scene: { title: 'Heat', goal: 'Heat flows', visuals: ['hot to cold'], duration_seconds: 6 }, sceneNumber: 1, sceneCount: 3, className: 'Scene01', quality: 'preview', aspectRatio: '16:9', latexAvailable: false });
    const raw = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: prompt.user });
    expect(raw.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    expect(runPythonJson<boolean[]>(PARSES, [(raw.text ?? '').replace(/^```python\n/, '')])).toEqual([false]);
  });

  it('records every request with the prompt and without the key', async () => {
    await firstSceneCode('Heat');
    expect(fake.requests.map((r) => r.kind)).toEqual(['plan', 'code']);
    expect(fake.requests[1]).toMatchObject({ topic: 'Heat', sceneNumber: 1, model: 'gemini-2.5-flash', hadApiKey: true, status: 200 });
    expect(JSON.stringify(fake.requests)).not.toContain('test-key-123');
  });

  it('answers streamGenerateContent as server-sent events', async () => {
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: fake.url } });
    let text = '';
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hello' })) text += chunk.text ?? '';
    expect(text).toBe('OK');
    expect(fake.requests[0]?.method).toBe('streamGenerateContent');
  });

  it('lets a test script answers for matching prompts', async () => {
    fake.script({ match: /Topic: Scripted/, kind: 'plan', answer: { text: '{"title":"S","scenes":[{"title":"a","goal":"b","visuals":["c"],"duration_seconds":5,"narration":"A."},{"title":"d","goal":"e","visuals":["f"],"duration_seconds":5,"narration":"D."}]}' } });
    const { plan } = await provider().plan({ topic: 'Scripted', description: '', maxScenes: 3, aspectRatio: '1:1' });
    expect(plan.scenes.map((s) => s.title)).toEqual(['a', 'd']);
  });
});
