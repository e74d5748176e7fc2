import { describe, expect, it } from 'vitest';
import { classifyFailure, plainLog, type ExitFacts } from './classify.js';

const MiB = 1024 * 1024;
const facts = (over: Partial<ExitFacts>): ExitFacts => ({
  code: 1,
  signal: null,
  log: '',
  timedOut: false,
  diskExceeded: false,
  timeoutMs: 60_000,
  limits: { memoryBytes: 3072 * MiB, fileBytes: 512 * MiB, jobDirBytes: 1024 * MiB, cpuSeconds: 600 },
  ...over,
});

// The shape Manim 0.22 prints (a Rich traceback box), trimmed.
const richTraceback = (error: string, line = 9, code = 'self.play(Create(sq), run_tme=1)') => `Manim Community v0.22.0

╭──────────────────────────── Traceback (most recent call last) ─────────────────────────────╮
│ /work/main/.venv/lib/python3.11/site-packages/manim/manager.py:193 in construct            │
│                                                                                            │
│ ❱ 193 │   │   self.scene.construct()                                                       │
│                                                                                            │
│ /tmp/render-abc123/scene.py:${line} in construct                                                │
│                                                                                            │
│   ${line - 1} │   │   sq = Square()                                                              │
│ ❱ ${line} │   │   ${code}                                                │
╰────────────────────────────────────────────────────────────────────────────────────────────╯
${error}
`;

describe('classifyFailure', () => {
  it('turns a Rich traceback into the exception line plus the scene line', () => {
    const failure = classifyFailure(facts({ log: richTraceback("TypeError: Scene.play() got an unexpected keyword argument 'run_tme'") }));
    expect(failure.errorClass).toBe('runtime');
    expect(failure.message).toBe("TypeError: Scene.play() got an unexpected keyword argument 'run_tme' (scene.py line 9: self.play(Create(sq), run_tme=1))");
    expect(failure.traceback).toMatch(/^Traceback \(most recent call last\)/);
    expect(failure.traceback).not.toMatch(/[╭╰│]/);
  });

  it('classes SyntaxError and IndentationError as syntax', () => {
    expect(classifyFailure(facts({ log: richTraceback('IndentationError: unexpected indent') })).errorClass).toBe('syntax');
  });

  it('classes exhausted limits as resource, with the limit in the message', () => {
    expect(classifyFailure(facts({ log: richTraceback('MemoryError') }))).toMatchObject({ errorClass: 'resource', message: expect.stringMatching(/out of memory/) });
    expect(classifyFailure(facts({ log: richTraceback("OSError: [Errno 27] File too large") }))).toMatchObject({ errorClass: 'resource' });
    expect(classifyFailure(facts({ log: richTraceback('BlockingIOError: [Errno 11] Resource temporarily unavailable') }))).toMatchObject({ errorClass: 'resource', message: expect.stringMatching(/too many processes/) });
    expect(classifyFailure(facts({ code: null, signal: 'SIGXCPU' }))).toMatchObject({ errorClass: 'resource', message: expect.stringMatching(/more than 600 s of CPU/) });
    expect(classifyFailure(facts({ code: null, signal: 'SIGKILL', log: 'Manim Community v0.22.0\n' }))).toMatchObject({ errorClass: 'resource', message: expect.stringMatching(/killed/) });
    expect(classifyFailure(facts({ diskExceeded: true, code: null, signal: 'SIGKILL' }))).toMatchObject({ errorClass: 'resource', message: expect.stringMatching(/more than 1024 MB/) });
  });

  it('puts the wall-clock kill before everything else', () => {
    expect(classifyFailure(facts({ timedOut: true, code: null, signal: 'SIGKILL', log: richTraceback('MemoryError') }))).toMatchObject({ errorClass: 'timeout', message: expect.stringMatching(/longer than 60 s/) });
  });

  it('recognises LaTeX failures and keeps the LaTeX error', () => {
    const log = `[11/25/26 10:38:42] ERROR    LaTeX compilation error: Undefined control sequence.        tex_file_writing.py:320\n                    ERROR    Context of error:\n                             -> \\nosuchmacro{x}\n${richTraceback('ValueError: latex error converting to dvi. See log output above or the log file: /tmp/x.log')}`;
    expect(classifyFailure(facts({ log }))).toMatchObject({ errorClass: 'latex', message: expect.stringMatching(/^LaTeX could not compile a Tex\/MathTex string: Undefined control sequence\./) });
  });

  it('classes a NameError after a formula as runtime, though the log names dvisvgm for every Tex', () => {
    // What Manim 0.22 logs when a MathTex compiled fine and a later line raised.
    const log = `[12/02/26 05:40:01] INFO     Writing x^2 to media/Tex/8c7a.tex             tex_file_writing.py:111
                             \\special{dvisvgm:raw <g id='unique000'>}{x^2}\\special{dvisvgm:raw </g>}
${richTraceback("NameError: name 'foo' is not defined", 6, 'foo.bar()')}`;
    const failure = classifyFailure(facts({ log }));
    expect(failure.errorClass).toBe('runtime');
    expect(failure.message).toBe("NameError: name 'foo' is not defined (scene.py line 6: foo.bar())");
  });

  it('adds a repair hint for 2-D points, another camera API and colour names', () => {
    expect(classifyFailure(facts({ log: richTraceback('ValueError: operands could not be broadcast together with shapes (2,) (3,)') })).message).toMatch(/Hint: Manim points are 3-D: write np\.array\(\[x, y, 0\]\)/);
    expect(classifyFailure(facts({ log: richTraceback("AttributeError: 'Camera' object has no attribute 'frame'") })).message).toMatch(/Hint: self\.camera\.frame exists only in a MovingCameraScene/);
    expect(classifyFailure(facts({ log: richTraceback("AttributeError: 'Demo' object has no attribute 'set_camera_orientation'") })).message).toMatch(/only in a ThreeDScene/);
    expect(classifyFailure(facts({ log: richTraceback('ValueError: Color light blue not found') })).message).toMatch(/hex strings like "#1F77B4"/);
    expect(classifyFailure(facts({ log: richTraceback("NameError: name 'q' is not defined") })).message).not.toMatch(/Hint/);
  });

  it('names a sandbox that could not start', () => {
    expect(classifyFailure(facts({ log: 'bwrap: Creating new namespace failed: Operation not permitted\n' }))).toMatchObject({ errorClass: 'sandbox' });
  });

  it('keeps the traceback within 4 KB', () => {
    const failure = classifyFailure(facts({ log: `${'x'.repeat(20_000)}\n${richTraceback('NameError: name "q" is not defined')}` }));
    expect(Buffer.byteLength(failure.traceback)).toBeLessThanOrEqual(4096);
    expect(failure.traceback).toMatch(/NameError/);
  });
});

describe('plainLog', () => {
  it('drops the box drawing and keeps the text', () => {
    expect(plainLog('╭── Traceback (most recent call last) ──╮\n│ a.py:1 in f │\n│             │\n╰─────────────╯\nValueError: x')).toBe('Traceback (most recent call last)\na.py:1 in f\nValueError: x');
  });
});
