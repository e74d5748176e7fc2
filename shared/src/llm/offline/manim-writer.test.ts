import { describe, expect, it } from 'vitest';
import { AspectRatio } from '../../domain/options.js';
import { sceneLimits } from '../../domain/plan.js';
import { sceneClassName } from '../../code/scene-class-name.js';
import { rewriteManim } from '../../code/rewrite.js';
import { writeScene } from './manim-writer.js';
import { runPythonJson } from './python-check.js';
import { offlinePlan } from './storyboard.js';

const topic = 'Quotes " \\ <script>alert(1)</script> — Ünïcödé ΔE 🚀';
const description = 'First "idea" here. Second idea, with a backslash \\ and a very long clause that just keeps going and going to test wrapping of text. Third idea.';

// Python's own parser judges the generated files: one Scene subclass with the given name,
// `from manim import *` as the only import, a construct method.
const CHECK = `
import ast, json, sys
out = []
for item in json.load(sys.stdin):
    tree = ast.parse(item["code"])
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    imports = [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    methods = [f.name for c in classes for f in c.body if isinstance(f, ast.FunctionDef)]
    out.append({"classes": [(c.name, [ast.unparse(b) for b in c.bases]) for c in classes], "imports": imports, "methods": methods})
print(json.dumps(out))
`;

describe('writeScene', () => {
  it('writes valid Python with exactly one named Scene subclass for every scene kind and aspect ratio', () => {
    const items: { code: string; className: string }[] = [];
    for (const aspectRatio of AspectRatio.options) {
      for (const latexAvailable of [false, true]) {
        const plan = offlinePlan({ topic, description, limits: sceneLimits(6) });
        plan.scenes.forEach((scene, i) => {
          const className = sceneClassName(i + 1);
          items.push({ className, code: writeScene({ topic, scene, sceneNumber: i + 1, sceneCount: plan.scenes.length, className, quality: 'preview', aspectRatio, latexAvailable }) });
        });
      }
    }
    const results = runPythonJson<{ classes: [string, string[]][]; imports: string[]; methods: string[] }[]>(CHECK, items);
    results.forEach((r, i) => {
      expect(r.classes).toEqual([[items[i]!.className, ['Scene']]]);
      expect(r.imports).toEqual(['from manim import *']);
      expect(r.methods).toContain('construct');
    });
    for (const { code } of items) {
      expect(rewriteManim(code)).toMatchObject({ code, changes: [] });
      expect(code).not.toMatch(/[^\x00-\x7f]/);
    }
  });

  it('uses MathTex only when LaTeX is available', () => {
    const scene = { title: 'Graph', goal: 'g', visuals: ['Box: a', 'Box: b'], layout: 'diagram', duration_seconds: 8 };
    const base = { topic, scene, sceneNumber: 2, sceneCount: 3, className: 'Scene02', quality: 'preview' as const, aspectRatio: '16:9' as const };
    expect(writeScene({ ...base, latexAvailable: false })).not.toMatch(/MathTex|Tex\(/);
    expect(writeScene({ ...base, latexAvailable: true })).toContain('MathTex(');
  });

  it('writes a scene for a plan from another planner, choosing the kind from its content', () => {
    const scene = { title: 'Plotting growth', goal: 'Show exponential growth', visuals: ['axes with an exponential curve'], duration_seconds: 20 };
    const code = writeScene({ topic: 'Growth', scene, sceneNumber: 2, sceneCount: 4, className: 'Scene02', quality: 'standard', aspectRatio: '9:16', latexAvailable: false });
    expect(code).toContain('axes.plot(');
    expect(code).toContain('class Scene02(Scene):');
  });
});
