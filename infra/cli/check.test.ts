import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LayoutFinding } from '../../shared/src/domain/layout-findings.js';
import { CheckExit } from './check.js';
import { plantedScenes } from './check-planted.js';
import { runCliProcess } from './cli-process.js';

// `explainer check` as a person runs it (bin.mjs in a subprocess): the gate, the real
// sandboxed Manim render and the layout check inside it, on scenes with planted problems.
const dir = mkdtempSync(join(tmpdir(), 'check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noStack = { endpoint: 'http://127.0.0.1:9/v1', projectId: 'none', apiKey: 'none' };
const check = (args: string[]) => runCliProcess(['check', ...args], noStack, join(dir, 'state'));

function file(name: string, code: string): string {
  const path = join(dir, `${name}.py`);
  writeFileSync(path, code);
  return path;
}

describe('explainer check on planted scenes', () => {
  for (const aspect of ['16:9', '9:16'] as const) {
    for (const planted of plantedScenes) {
      const what = planted.expected ? `flags ${planted.expected.kind} on line ${planted.expected.line}` : 'finds nothing';
      it(`${planted.name} at ${aspect}: ${what}`, async () => {
        const run = await check([file(planted.name, planted.code), '--aspect', aspect, '--json']);
        const answer = JSON.parse(run.stdout) as { rendered: boolean; aspect: string; defects: number; findings: unknown[] };
        expect(answer).toMatchObject({ rendered: true, aspect });
        const findings = answer.findings.map((f) => LayoutFinding.parse(f));
        if (!planted.expected) {
          expect(findings).toEqual([]);
          expect(run.code).toBe(CheckExit.clean);
          return;
        }
        // Exactly the planted problem, pinned to the planted line, with advice attached.
        expect(findings.map((f) => [f.kind, f.line])).toEqual([[planted.expected.kind, planted.expected.line]]);
        expect(findings[0]!.message.length).toBeGreaterThan(30);
        const defect = planted.expected.kind === 'out_of_frame' || planted.expected.kind === 'overlap';
        expect(run.code).toBe(defect ? CheckExit.defects : CheckExit.clean);
        expect(answer.defects).toBe(defect ? 1 : 0);
      });
    }
  }

  it('reads a Code block and a text on its own background panel against their panels, not the frame', async () => {
    const code = ['from manim import *', '', 'class Planted(Scene):', '    def construct(self):',
      '        code = Code(code_string="def f(x):\\n    return x * 2\\n", language="python").to_edge(UP)',
      '        label = Text("with a panel", font_size=32).add_background_rectangle().to_edge(DOWN)',
      '        self.play(FadeIn(code), FadeIn(label))', ''].join('\n');
    const run = await check([file('panels', code), '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ rendered: true, findings: [] });
    expect(run.code).toBe(CheckExit.clean);
  });

  it('prints the findings with their lines for a person, and exits 1 on a defect', async () => {
    const planted = plantedScenes.find((p) => p.name === 'overlap')!;
    const run = await check([file('overlap-text', planted.code)]);
    expect(run.code).toBe(CheckExit.defects);
    expect(run.stdout).toMatch(new RegExp(`line ${planted.expected!.line}\\s+overlap\\s+defect`));
    expect(run.stdout).toContain('layout: 1 defect');
  });

  it('exits 2 when the gate refuses the file, without rendering it', async () => {
    const run = await check([file('refused', 'from manim import *\nimport os\n\nclass Planted(Scene):\n    def construct(self):\n        self.wait(1)\n'), '--json']);
    expect(run.code).toBe(CheckExit.refused);
    expect(JSON.parse(run.stdout)).toMatchObject({ rendered: false, errorClass: 'gate' });
  });

  it('exits 2 when the scene fails to render, with the traceback', async () => {
    // An error no static check sees: the gate names undefined names before any render.
    const run = await check([file('crash', 'from manim import *\n\nclass Planted(Scene):\n    def construct(self):\n        self.add(VGroup(Dot())[3])\n        self.wait(0.2)\n')]);
    expect(run.code).toBe(CheckExit.refused);
    expect(run.stderr).toMatch(/not rendered \(runtime\)/);
    expect(run.stderr).toMatch(/IndexError/);
  });

  it('answers bad usage with 2 and a sentence', async () => {
    const run = await check([file('two', 'from manim import *\n\nclass A(Scene):\n    pass\n\nclass B(Scene):\n    pass\n')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('name one with --scene');
  });
});
