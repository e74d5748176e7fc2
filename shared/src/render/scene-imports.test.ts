import { describe, expect, it } from 'vitest';
import { ALLOWED_IMPORTS, codePrompt } from '../llm/prompts.js';
import { renderConfigFromEnv } from './config.js';
import { gateCode } from './gate.js';

// The code prompt tells the LLM which modules it may import; the gate refuses the rest. Both
// read shared/python/scene_imports.json; this checks they say the same thing.
const config = renderConfigFromEnv({});
const scene = (imports: string) => `${imports}\nfrom manim import *\n\nclass Demo(Scene):\n    def construct(self):\n        self.wait()\n`;
const base = { topic: 'Imports', scene: { title: 'T', goal: 'G', visuals: ['v'], duration_seconds: 5 }, sceneNumber: 1, sceneCount: 1, className: 'Demo', quality: 'preview' as const, aspectRatio: '16:9' as const, latexAvailable: false };

describe('the scene import allow-list', () => {
  it('is what the prompt names, every module in it', () => {
    const line = codePrompt(base).user.split('\n').find((l) => l.includes('Other imports only from:'));
    const named = line?.replace(/.*Other imports only from: /, '').replace(/\.$/, '').split(', ');
    expect(new Set([...(named ?? []), 'manim', '__future__'])).toEqual(new Set(ALLOWED_IMPORTS));
  });

  it('is what the gate lets through, and nothing beside it', async () => {
    const imports = ALLOWED_IMPORTS.filter((m) => m !== 'manim').map((m) => (m === '__future__' ? 'from __future__ import annotations' : `import ${m}`));
    expect(await gateCode(scene(imports.join('\n')), 'Demo', config)).toMatchObject({ ok: true, errors: [] });
    const outside = await gateCode(scene('import heapq'), 'Demo', config);
    expect(outside.ok).toBe(false);
    expect(JSON.stringify(outside.errors)).toContain('importing `heapq` is not allowed');
  });
});
