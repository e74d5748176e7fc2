import { TRACEBACK_LIMIT, failure, tail, type RenderErrorClass, type RenderFailure } from './contract.js';

export type ExitFacts = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Combined stdout + stderr of the render. */
  log: string;
  timedOut: boolean;
  /** The job directory grew past its limit and the render was killed. */
  diskExceeded: boolean;
  timeoutMs: number;
  limits: { memoryBytes: number; fileBytes: number; jobDirBytes: number; cpuSeconds: number };
};

const RESOURCE_PATTERNS: Array<[RegExp, string]> = [
  [/\bMemoryError\b|Cannot allocate memory|\bENOMEM\b|std::bad_alloc/, 'the scene ran out of memory'],
  [/File too large|\bEFBIG\b|\[Errno 27\]/, 'the scene wrote a file larger than the limit'],
  [/BlockingIOError|Resource temporarily unavailable|\[Errno 11\]|\bEAGAIN\b/, 'the scene started too many processes or threads'],
  [/No space left on device|\[Errno 28\]|Disk quota exceeded/, 'the scene filled the disk'],
];

/** Turns how the sandboxed manim ended into an error class and a message an LLM or a person can act on. */
export function classifyFailure(facts: ExitFacts): RenderFailure {
  const plain = plainLog(facts.log);
  const traceback = tracebackOf(plain);
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  const make = (errorClass: RenderErrorClass, message: string) => failure(errorClass, message, { traceback, log: plain });

  if (facts.timedOut) return make('timeout', `the render took longer than ${Math.round(facts.timeoutMs / 1000)} s and was stopped; make the scene shorter or simpler, and make sure no loop runs forever`);
  if (facts.diskExceeded) return make('resource', `the scene wrote more than ${mb(facts.limits.jobDirBytes)} to disk and was stopped`);
  if (facts.signal === 'SIGXCPU' || facts.code === 128 + 24) return make('resource', `the scene used more than ${facts.limits.cpuSeconds} s of CPU and was stopped`);
  if (facts.signal === 'SIGXFSZ' || facts.code === 128 + 25) return make('resource', `the scene wrote a file larger than ${mb(facts.limits.fileBytes)}`);

  const last = lastException(plain);
  for (const [pattern, what] of RESOURCE_PATTERNS) {
    if (pattern.test(last ?? '') || (!last && pattern.test(plain))) return make('resource', `${what}${last ? ` (${last})` : ''}`);
  }
  if (facts.signal === 'SIGKILL' || facts.code === 128 + 9) return make('resource', `the render was killed (out of memory, limit ${mb(facts.limits.memoryBytes)}?)`);

  if (last) {
    // The final exception decides the class: Manim logs `dvisvgm` for every Tex it writes,
    // so a NameError after a formula must not read as a LaTeX failure.
    const latex = latexProblem(last, plain);
    if (latex) return make('latex', latex);
    const where = sceneLocation(plain);
    const hint = repairHint(last);
    const message = `${where ? `${last} (${where})` : last}${hint ? `. Hint: ${hint}` : ''}`;
    return make(/^(SyntaxError|IndentationError|TabError)\b/.test(last) ? 'syntax' : 'runtime', message);
  }
  const bwrap = plain.split('\n').find((line) => line.startsWith('bwrap:') || line.startsWith('setpriv:') || line.startsWith('prlimit:'));
  if (bwrap) return make('sandbox', `the sandbox could not start: ${bwrap}`);
  const how = facts.signal ? `signal ${facts.signal}` : `exit code ${facts.code}`;
  const lastLine = plain.trim().split('\n').pop()?.trim();
  return make('internal', `manim failed with ${how}${lastLine ? `: ${lastLine}` : ''}`);
}

/** Rich draws tracebacks in boxes; strip the frame so the text reads like a plain Python traceback. */
export function plainLog(log: string): string {
  return log
    .split('\n')
    .filter((line) => !/^[\s╭╮╰╯─│]*$/.test(line) || line.trim() === '')
    .map((line) => line.replace(/^│ ?/, '').replace(/\s*│\s*$/, '').replace(/^╭─+ (.*?) ─+╮$/, '$1').replace(/│/g, ' ').trimEnd())
    .join('\n');
}

function tracebackOf(plain: string): string {
  const start = plain.lastIndexOf('Traceback (most recent call last)');
  return tail(start >= 0 ? plain.slice(start) : plain, TRACEBACK_LIMIT);
}

/** The final `SomeError: message` line of a Python traceback. */
function lastException(plain: string): string | null {
  const lines = plain.split('\n').map((l) => l.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i]!;
    if (/^([A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)|KeyError|StopIteration)(:|$)/.test(line)) return line.slice(0, 300);
  }
  return null;
}

/** `scene.py line 7: foo.bar()` from the innermost frame in the scene file. */
function sceneLocation(plain: string): string | null {
  const lines = plain.split('\n');
  let found: string | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const frame = /scene\.py(?::|", line )(\d+)/.exec(lines[i]!);
    if (!frame) continue;
    const lineNo = frame[1]!;
    // Rich marks the failing line with ❱; plain Python prints it on the next line.
    const marked = lines.slice(i + 1, i + 12).find((l) => l.includes('❱'));
    const code = marked ? marked.replace(/^.*❱\s*\d+\s*│?\s*/, '').trim() : lines[i + 1]?.trim();
    found = `scene.py line ${lineNo}${code ? `: ${code.slice(0, 160)}` : ''}`;
  }
  return found;
}

/** LaTeX failed only when the final exception says so; the detail comes from Manim's own LaTeX error lines. */
function latexProblem(last: string, plain: string): string | null {
  if (/No such file or directory: '(latex|dvisvgm)'|latex: not found/.test(last)) return 'LaTeX is not installed on the renderer; use Text(...) instead of Tex/MathTex';
  if (!/\b(latex|xelatex|lualatex|pdflatex) error converting to\b|LaTeX compilation error/i.test(last)) return null;
  const detail = /LaTeX compilation error:\s*(.+)/.exec(plain)?.[1]?.replace(/\s{2,}\S+\.py:\d+\s*$/, '').trim();
  const context = /Context of error:\s*\n([\s\S]{0,400})/.exec(plain)?.[1]?.trim().split('\n').slice(0, 4).map((l) => l.trim()).join(' ');
  const where = sceneLocation(plain);
  return `LaTeX could not compile a Tex/MathTex string${detail ? `: ${detail}` : ''}${context ? ` near: ${context}` : ''}${where ? ` (${where})` : ''}`;
}

/**
 * What to tell the LLM for the runtime errors LLM-written scenes hit again and again
 * (points given as 2-D, another version's camera API, colours by name).
 */
const REPAIR_HINTS: Array<[RegExp, string]> = [
  [/shapes? \(2,\)|broadcast input array from shape \(2,?\)|shape \(2,\) into shape \(3,\)|size 2 is different from 3/, 'Manim points are 3-D: write np.array([x, y, 0]) or [x, y, 0], never [x, y]'],
  [/'(Camera|ThreeDCamera)' object has no attribute 'frame'/, 'self.camera.frame exists only in a MovingCameraScene: subclass MovingCameraScene and animate self.camera.frame.animate.scale(...)/.move_to(...)'],
  [/has no attribute '(set_camera_orientation|move_camera|begin_ambient_camera_rotation|stop_ambient_camera_rotation|set_to_default_angled_camera_orientation)'/, 'the 3-D camera API (self.set_camera_orientation(phi=..., theta=...), self.move_camera(...)) exists only in a ThreeDScene: subclass ThreeDScene'],
  [/has no attribute '(reorient|set_euler_angles|increment_theta|increment_phi)'/, 'that is the camera API of ManimGL; in Manim Community use ThreeDScene.set_camera_orientation(phi=..., theta=...) and self.move_camera(...)'],
  [/Color .* not found|[Ii]nvalid colou?r|not a valid colou?r|ManimColor|could not convert string to float: '#/, 'colours are Manim constants (BLUE, RED_C, YELLOW) or hex strings like "#1F77B4"; not names such as "light blue"'],
];

function repairHint(last: string): string | null {
  return REPAIR_HINTS.find(([pattern]) => pattern.test(last))?.[1] ?? null;
}
