import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sceneLimits } from '../../domain/plan.js';
import { manimCfg, renderPreset } from '../../domain/presets.js';
import { projectPython, runPythonJson } from './python-check.js';
import { writeScene } from './manim-writer.js';
import { offlinePlan } from './storyboard.js';

// One real render (the densest scene kind, in portrait, with hostile text) proves the
// offline code runs under Manim; the other kinds are checked by Python's parser.
const dir = mkdtempSync(join(tmpdir(), 'offline-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('offline scene under real Manim', () => {
  it('renders the diagram scene to a 4–10 s preview clip', () => {
    const topic = 'Quotes " \\ <script>alert(1)</script> — ΔE ≥ 0';
    const plan = offlinePlan({ topic, description: 'Energy is conserved. Heat flows from hot to cold.', limits: sceneLimits(6) });
    const n = plan.scenes.findIndex((s) => s.layout?.startsWith('diagram')) + 1;
    expect(n).toBeGreaterThan(0);
    const code = writeScene({ topic, scene: plan.scenes[n - 1]!, sceneNumber: n, sceneCount: plan.scenes.length, className: 'SceneUnderTest', quality: 'preview', aspectRatio: '9:16', latexAvailable: false });
    writeFileSync(join(dir, 'scene.py'), code);
    writeFileSync(join(dir, 'manim.cfg'), manimCfg(renderPreset('preview', '9:16')));
    const out = join(dir, 'out.mp4');
    execFileSync(
      join(projectPython, '..', 'manim'),
      ['render', '--progress_bar', 'none', '--disable_caching', '--media_dir', join(dir, 'media'), '-o', out, join(dir, 'scene.py'), 'SceneUnderTest'],
      { cwd: dir, env: { ...process.env, HOME: dir }, timeout: 120_000, stdio: 'pipe' },
    );
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', out], { encoding: 'utf8' });
    const info = JSON.parse(probe) as { streams: { codec_name: string; width: number; height: number }[]; format: { duration: string } };
    expect(info.streams[0]).toMatchObject({ codec_name: 'h264', width: 480, height: 854 });
    const seconds = Number(info.format.duration);
    expect(seconds).toBeGreaterThanOrEqual(4);
    expect(seconds).toBeLessThanOrEqual(10.5);
  });

  it('gets a frame of 8 units high and 8·w/h wide from manimCfg, for every aspect ratio', () => {
    const presets = (['16:9', '9:16', '1:1'] as const).map((a) => renderPreset('standard', a));
    const files = presets.map((p, i) => {
      const file = join(dir, `cfg-${i}.cfg`);
      writeFileSync(file, manimCfg(p));
      return file;
    });
    const frames = runPythonJson<[number, number, number, number][]>(
      'import json, sys\nfrom manim import config\nout = []\nfor f in json.load(sys.stdin):\n    config.digest_file(f)\n    out.append([config.pixel_width, config.pixel_height, config.frame_width, config.frame_height])\nprint(json.dumps(out))',
      files,
    );
    frames.forEach(([pw, ph, fw, fh], i) => {
      const p = presets[i]!;
      expect([pw, ph]).toEqual([p.width, p.height]);
      expect(fh).toBe(8);
      expect(fw).toBeCloseTo(p.frameWidth, 2);
    });
  });
});
