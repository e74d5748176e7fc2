import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConfigFromEnv } from '../../shared/src/render/config.js';

export type SceneFile = { code: string; className: string };

/**
 * What rendering a video's scene files costs without the chain: each file rendered cold by a
 * bare `manim render -ql` (no sandbox, no gate, no warm interpreter), as a person would at a
 * terminal. `floor`: spread over `slots` at once (the chain's render work on these cores);
 * `byHand`: one after another.
 */
export async function renderFloor(scenes: SceneFile[], slots: number): Promise<{ floorSeconds: number; byHandSeconds: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-floor-'));
  try {
    const files = await Promise.all(scenes.map(async (scene, i) => {
      const path = join(dir, `scene_${i + 1}.py`);
      await writeFile(path, scene.code);
      return { path, className: scene.className, media: join(dir, `media_${i + 1}`) };
    }));
    const python = join(renderConfigFromEnv().venv, 'bin/python');
    const renderOne = (f: (typeof files)[number]) => bareManim(python, dir, ['render', '-ql', '--disable_caching', '--progress_bar', 'none', '--silent', '--media_dir', f.media, f.path, f.className]);

    let t = performance.now();
    const queue = [...files];
    await Promise.all(Array.from({ length: slots }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await renderOne(f);
    }));
    const floorSeconds = (performance.now() - t) / 1000;

    t = performance.now();
    for (const f of files) await renderOne(f);
    return { floorSeconds, byHandSeconds: (performance.now() - t) / 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function bareManim(python: string, cwd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-m', 'manim', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bare manim ${args.at(-1)} exited ${code}: ${stderr}`))));
  });
}
