// Layout-check figures for `npm run bench`: what the check inside every render costs, as a
// share of the render. Ratios from one run on this machine; never a test, never a gate on CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sceneLimits } from '../domain/plan.js';
import { manimCfg, renderPreset } from '../domain/presets.js';
import { writeScene } from '../llm/offline/manim-writer.js';
import { offlinePlan } from '../llm/offline/storyboard.js';
import { renderConfigFromEnv } from './config.js';
import { createLocalBackend } from './local-backend.js';

export async function benchLayout(runs = 3): Promise<Record<string, number | string>> {
  const config = renderConfigFromEnv();
  // A text-heavy scene is the check's worst case: every glyph is a mobject it tags and walks.
  const plan = offlinePlan({ topic: 'How a binary search works', description: 'Sort the list first. Look at the middle element. Discard the half that cannot hold the target. Repeat until found.', limits: sceneLimits(4) });
  const n = plan.scenes.findIndex((s) => s.layout?.startsWith('bullets')) + 1;
  const code = writeScene({ topic: 'How a binary search works', scene: plan.scenes[n - 1]!, sceneNumber: n, sceneCount: plan.scenes.length, className: 'Bench', quality: 'preview', aspectRatio: '16:9', latexAvailable: false });

  // In every render: the check's own clock (tagging each mobject with its line, the checks after
  // each play/wait, the thumbnail) against the whole render.
  const backend = createLocalBackend(config);
  const shares: number[] = [];
  const checkSeconds: number[] = [];
  let clipSeconds = 0;
  try {
    for (let i = 0; i < runs; i += 1) {
      const r = await backend.render({ code, className: 'Bench', quality: 'preview', aspectRatio: '16:9' });
      if (!r.ok) throw new Error(`render failed: ${r.message}`);
      shares.push(r.layout.checkSeconds / r.renderSeconds);
      checkSeconds.push(r.layout.checkSeconds);
      clipSeconds = r.durationSeconds;
    }
  } finally {
    await backend.close();
  }

  // All of it, the line tagging of every mobject included: the same render in a bare
  // interpreter with and without the hook (no sandbox: a trusted scene, only for measuring).
  const dir = mkdtempSync(join(tmpdir(), 'layout-bench-'));
  try {
    const scene = join(dir, 'scene.py');
    writeFileSync(scene, code);
    writeFileSync(join(dir, 'manim.cfg'), manimCfg(renderPreset('preview', '16:9')));
    const python = join(config.venv, 'bin/python');
    const manimArgs = ['render', scene, 'Bench', '--progress_bar', 'none', '--disable_caching', '--silent', '--media_dir', join(dir, 'media'), '-o', 'clip'];
    const hooked = [
      'import sys', `sys.path.insert(0, ${JSON.stringify(config.pythonDir)})`, 'import layout_check',
      `layout_check.install(${JSON.stringify(dir)}, ${JSON.stringify(scene)})`,
      'from manim.__main__ import main', `main(args=${JSON.stringify(manimArgs)}, prog_name="manim")`,
    ].join('\n');
    const time = (args: string[]) => {
      const t = performance.now();
      const r = spawnSync(python, args, { cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' }, stdio: 'ignore', timeout: 120_000 });
      if (r.status !== 0) throw new Error(`bench render exited ${r.status}`);
      return (performance.now() - t) / 1000;
    };
    const withCheck: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      without.push(time(['-m', 'manim', ...manimArgs]));
      withCheck.push(time(['-c', hooked]));
    }
    const a = median(withCheck);
    const b = median(without);
    return {
      'layout: scene': `offline bullets scene, ${clipSeconds.toFixed(1)} s of video, preview 16:9`,
      'layout: check inside the render (s, median)': median(checkSeconds),
      'layout: check / sandboxed render (median)': median(shares),
      'layout: bare render with the hook (s, median)': a,
      'layout: bare render without it (s, median)': b,
      'layout: hook cost / render, all of it': (a - b) / b,
      'layout: runs': runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
