import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe } from '../media/ffprobe.js';
import { renderConfigFromEnv } from './config.js';
import type { RenderJob, RenderResult } from './contract.js';
import { createLocalBackend } from './local-backend.js';

const config = renderConfigFromEnv({});
const backend = createLocalBackend(config);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const job = (code: string, extra: Partial<RenderJob> = {}): RenderJob => ({ code, className: 'Tiny', quality: 'preview', aspectRatio: '16:9', timeoutMs: 60_000, ...extra });
const tiny = (body = 'self.play(Create(Circle()), run_time=1)') => `from manim import *\n\nclass Tiny(Scene):\n    def construct(self):\n        ${body}\n`;

function expectFailure(result: RenderResult) {
  if (result.ok) throw new Error('expected the render to fail');
  return result;
}

describe('local render backend (real Manim, sandboxed)', () => {
  it('renders a scene to an H.264 yuv420p clip at the preset size and rate, inside every sandbox layer', async () => {
    const result = await backend.render(job(tiny()));
    if (!result.ok) throw new Error(`${result.errorClass}: ${result.message}\n${result.log}`);
    expect(result.sandbox).toEqual(expect.arrayContaining(['bwrap', 'prlimit', 'timeout']));
    expect(result.sandbox.some((l) => l === 'setpriv' || l === 'non-root')).toBe(true);
    const path = join(dir, 'tiny.mp4');
    await writeFile(path, result.clip);
    const probe = await ffprobe(path);
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ codec_type: 'video', codec_name: 'h264', pix_fmt: 'yuv420p', width: 854, height: 480, r_frame_rate: '15/1' });
    expect(Math.abs(Number(probe.format.duration) - result.durationSeconds)).toBeLessThan(0.1);
    expect(result.durationSeconds).toBeCloseTo(1, 0);
  });

  it('renders 9:16 at the portrait size of the preset', async () => {
    const result = await backend.render(job(tiny('self.play(FadeIn(Square()), run_time=0.5)'), { aspectRatio: '9:16' }));
    if (!result.ok) throw new Error(result.message);
    const path = join(dir, 'portrait.mp4');
    await writeFile(path, result.clip);
    expect((await ffprobe(path)).streams[0]).toMatchObject({ width: 480, height: 854 });
  });

  it('classifies a runtime error and names the failing scene line', async () => {
    // An error no static check can see (the gate's API check names undefined names before rendering).
    const code = tiny('self.play(Create(Circle()), run_time=0.2)\n        self.play(Create([Square()][2]))');
    const failure = expectFailure(await backend.render(job(code)));
    expect(failure.errorClass).toBe('runtime');
    expect(failure.message).toMatch(/^IndexError: list index out of range \(scene\.py line 6: self\.play\(Create\(\[Square\(\)\]\[2\]\)\)\)/);
    expect(failure.traceback).toMatch(/IndexError/);
    expect(Buffer.byteLength(failure.traceback)).toBeLessThanOrEqual(4096);
  });

  it('classifies a LaTeX error as latex', async () => {
    const failure = expectFailure(await backend.render(job(tiny('self.add(MathTex(r"\\nosuchmacro{x}"))\n        self.wait(0.2)'))));
    expect(failure.errorClass).toBe('latex');
    expect(failure.message).toMatch(/LaTeX could not compile.*Undefined control sequence/);
  });

  it('compiles each Tex/MathTex string on its own before the render and names every one that fails', async () => {
    const code = tiny('self.play(Write(MathTex(r"a^2 + b^2 = c^2")), run_time=0.3)\n        self.add(MathTex(r"\\frac{a}{b} \\nosuchmacro"), Tex(r"x_1"))\n        self.wait(0.2)');
    const failure = expectFailure(await backend.render(job(code)));
    expect(failure.errorClass).toBe('latex');
    expect(failure.message).toMatch(/^LaTeX could not compile a Tex\/MathTex string: Undefined control sequence\..*\(line 6\) \(and 1 more\)$/);
    expect(failure.traceback).toMatch(/line 6: MathTex\("\\\\frac\{a\}\{b\} \\\\nosuchmacro"\) does not compile: Undefined control sequence/);
    expect(failure.traceback).toMatch(/line 6: Tex\("x_1"\) does not compile: Missing \$ inserted/);
    expect(failure.traceback).not.toMatch(/a\^2 \+ b\^2/);
    expect(failure.log).not.toMatch(/File ready at/);
  });

  it('stops gate violations before rendering', async () => {
    const failure = expectFailure(await backend.render(job(`import os\n${tiny()}`)));
    expect(failure.errorClass).toBe('gate');
    expect(failure.message).toMatch(/^line 1: importing `os` is not allowed/);
    expect(failure.log).not.toMatch(/Manim Community/);
  });

  it('reports truncated code as a syntax error', async () => {
    const failure = expectFailure(await backend.render(job('from manim import *\nclass Tiny(Scene):\n    def construct(self):\n        self.play(Create(Circle()')));
    expect(failure.errorClass).toBe('syntax');
    expect(failure.message).toMatch(/line 4: SyntaxError/);
  });

  it('fails a scene that plays nothing with a message the LLM can act on', async () => {
    // A scene with no play/wait at all is refused by the gate as truncated; this one gets past it.
    const failure = expectFailure(await backend.render(job(tiny('self.add(Circle())\n        if False:\n            self.wait()'))));
    expect(failure).toMatchObject({ errorClass: 'runtime', message: expect.stringMatching(/played no animation/) });
    const refused = expectFailure(await backend.render(job(tiny('self.add(Circle())'))));
    expect(refused).toMatchObject({ errorClass: 'gate', message: expect.stringMatching(/looks truncated/) });
    expect(refused.log).not.toMatch(/Manim Community/);
  });

  it('answers a missing Manim install with a result naming it, not a throw', async () => {
    const broken = createLocalBackend({ ...config, venv: '/nonexistent/venv' });
    const failure = expectFailure(await broken.render(job(tiny())));
    expect(failure.errorClass).toBe('sandbox');
    expect(failure.message).toMatch(/no Python in \/nonexistent\/venv/);
  });

  it('refuses to render when a sandbox layer is missing, unless explicitly allowed', async () => {
    const probe = { layers: ['timeout', 'prlimit'] as const, missing: ['bubblewrap (bwrap) is not installed'], dropPrivileges: true, interpreter: null };
    const incomplete = createLocalBackend(config, { probe: { ...probe, layers: [...probe.layers] } });
    const failure = expectFailure(await incomplete.render(job(tiny())));
    expect(failure.errorClass).toBe('sandbox');
    expect(failure.message).toMatch(/refusing to render without a complete sandbox: bubblewrap/);
  });
});
