import { spawn } from 'node:child_process';
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { probeClip } from '../media/probe-clip.js';
import { classifyFailure } from './classify.js';
import type { RenderConfig } from './config.js';
import { LOG_LIMIT, RenderJob, failure, tail, type RenderBackend, type RenderResult } from './contract.js';
import { describeGateErrors, gateCode } from './gate.js';
import { manimCfg, renderPreset } from '../domain/presets.js';
import { probeSandbox, sandboxCommand, type SandboxProbe } from './sandbox.js';

export type LocalBackendOptions = {
  /** Tests only: skip the AST gate to prove the sandbox holds on its own. */
  skipGate?: boolean;
  /** Tests only: pretend the host probe found this. */
  probe?: SandboxProbe;
};

const DISK_CHECK_MS = 500;

/** Renders with `manim render` on this host, inside the sandbox layers the host allows. */
export function createLocalBackend(config: RenderConfig, options: LocalBackendOptions = {}): RenderBackend & { readonly sandbox: SandboxProbe } {
  const probe = options.probe ?? probeSandbox(config);
  return {
    sandbox: probe,
    async render(rawJob: RenderJob, signal?: AbortSignal): Promise<RenderResult> {
      const parsed = RenderJob.safeParse(rawJob);
      if (!parsed.success) return failure('internal', `invalid render job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const job = parsed.data;
      if (probe.missing.length > 0 && !config.allowUnsandboxed) {
        return failure('sandbox', `refusing to render without a complete sandbox: ${probe.missing.join('; ')}. Set RENDER_ALLOW_UNSANDBOXED=1 only if this host is itself disposable.`);
      }
      const started = performance.now();
      try {
        return await gateAndRender(job, config, probe, options, started, signal);
      } catch (err) {
        // The contract is a result, never a throw: the handler records it like any failed render.
        return failure('internal', `the renderer failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

async function gateAndRender(job: RenderJob, config: RenderConfig, probe: SandboxProbe, options: LocalBackendOptions, started: number, signal?: AbortSignal): Promise<RenderResult> {
  if (!options.skipGate) {
    const gate = await gateCode(job.code, job.className, config);
    if (!gate.ok) {
      const text = describeGateErrors(gate);
      const syntax = gate.errors.some((e) => e.message.startsWith('SyntaxError'));
      return failure(syntax ? 'syntax' : 'gate', text.split('\n')[0]!, { traceback: text, log: text });
    }
  }
  const jobDir = await makeJobDir(config, probe);
  try {
    return await renderInJobDir(job, jobDir, config, probe, started, signal);
  } finally {
    await rm(jobDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function makeJobDir(config: RenderConfig, probe: SandboxProbe): Promise<string> {
  const jobDir = await mkdtemp(join(config.jobRoot, 'render-'));
  await chmod(jobDir, 0o700);
  await mkdir(join(jobDir, 'home'));
  if (probe.dropPrivileges) {
    await chown(jobDir, config.sandboxUid, config.sandboxUid);
    await chown(join(jobDir, 'home'), config.sandboxUid, config.sandboxUid);
  }
  return jobDir;
}

async function renderInJobDir(job: RenderJob, jobDir: string, config: RenderConfig, probe: SandboxProbe, started: number, signal?: AbortSignal): Promise<RenderResult> {
  const scenePath = join(jobDir, 'scene.py');
  await writeFile(scenePath, job.code, { mode: 0o644 });
  // The size comes from manim.cfg beside the scene, not `-r`: only then does Manim derive
  // frame_width from the aspect ratio, so portrait and square scenes reach the real edges.
  await writeFile(join(jobDir, 'manim.cfg'), manimCfg(renderPreset(job.quality, job.aspectRatio)), { mode: 0o644 });
  const home = join(jobDir, 'home');
  const python = join(config.venv, 'bin/python');
  const argv = [
    python, '-m', 'manim', 'render', scenePath, job.className,
    '--progress_bar', 'none', '--disable_caching',
    // --silent is the off switch of notify_outdated_version: no version check over the network.
    '--silent',
    '--media_dir', join(jobDir, 'media'), '-o', 'clip',
  ];
  // Only what Manim needs: never the parent's environment, which holds API keys.
  const env: Record<string, string> = {
    PATH: `${join(config.venv, 'bin')}:/usr/bin:/bin`,
    HOME: home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TERM: 'dumb',
    COLUMNS: '240',
    TMPDIR: '/tmp',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONNOUSERSITE: '1',
    MPLCONFIGDIR: join(home, '.mpl'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TEXMFVAR: join(home, '.texmf-var'),
    OMP_NUM_THREADS: '1',
    OPENBLAS_NUM_THREADS: '1',
    MALLOC_ARENA_MAX: '2',
  };
  const limits = { cpuSeconds: config.cpuSeconds, memoryBytes: config.memoryBytes, fileBytes: config.fileBytes, maxProcesses: config.maxProcesses, sandboxUid: config.sandboxUid };
  const command = sandboxCommand(probe, { jobDir, argv, env, limits, venv: config.venv });
  // The config's timeout is the ceiling as well as the default: a job may ask for less, never more.
  const timeoutMs = Math.min(job.timeoutMs ?? config.timeoutMs, config.timeoutMs);

  const child = spawn(command.command, command.args, {
    cwd: jobDir,
    // Its own process group, so the wall-clock kill reaches every layer at once.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: probe.layers.includes('bwrap') ? { PATH: '/usr/bin:/bin' } : env,
  });

  const log = new LogTail(LOG_LIMIT * 4);
  child.stdout!.on('data', (b: Buffer) => log.push(b));
  child.stderr!.on('data', (b: Buffer) => log.push(b));
  let timedOut = false;
  let diskExceeded = false;
  let aborted = false;
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => { timedOut = true; killGroup(); }, timeoutMs);
  const onAbort = () => { aborted = true; killGroup(); };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  let checking = false;
  const disk = setInterval(() => {
    if (checking) return;
    checking = true;
    directorySize(jobDir)
      .then((size) => { if (size > config.jobDirBytes) { diskExceeded = true; killGroup(); } })
      .catch(() => undefined)
      .finally(() => { checking = false; });
  }, DISK_CHECK_MS);

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolveExit) => {
    child.on('error', (error) => resolveExit({ code: null, signal: null, error }));
    child.on('close', (code, sig) => resolveExit({ code, signal: sig }));
  });
  clearTimeout(timer);
  clearInterval(disk);
  signal?.removeEventListener('abort', onAbort);
  killGroup();
  // Rich pads every log line to the terminal width; the padding is noise in Storage.
  const text = log.text().split('\n').map((line) => line.trimEnd()).join('\n');

  if (exit.error) return failure('sandbox', `could not start the renderer: ${exit.error.message}`, { log: text });
  if (aborted) return failure('internal', 'the render was cancelled', { log: text });
  if (exit.code === 0 && !timedOut && !diskExceeded) {
    const clipPath = await findClip(join(jobDir, 'media'));
    // Manim writes a still image instead of a video when construct() plays nothing: the code's fault.
    if (!clipPath) return failure('runtime', 'the scene played no animation, so no video was written; use self.play(...) or self.wait(...) in construct()', { log: text });
    const clip = await readFile(clipPath);
    const info = await probeClip(clip);
    return { ok: true, clip, durationSeconds: info.durationSeconds, renderSeconds: (performance.now() - started) / 1000, log: tail(text, LOG_LIMIT), sandbox: [...probe.layers] };
  }
  return classifyFailure({ code: exit.code, signal: exit.signal, log: text, timedOut, diskExceeded, timeoutMs, limits: { memoryBytes: config.memoryBytes, fileBytes: config.fileBytes, jobDirBytes: config.jobDirBytes, cpuSeconds: config.cpuSeconds } });
}

/** Keeps the last `limit` bytes of a stream: a scene that prints forever must not fill our memory. */
class LogTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }
  text(): string {
    return tail(Buffer.concat(this.chunks).toString('utf8'), this.limit);
  }
}

async function findClip(mediaDir: string): Promise<string | null> {
  let entries;
  try {
    entries = await readdir(mediaDir, { recursive: true, withFileTypes: true });
  } catch {
    return null;
  }
  const clip = entries.find((e) => e.isFile() && e.name === 'clip.mp4' && !e.parentPath.includes('partial_movie_files'));
  return clip ? join(clip.parentPath, clip.name) : null;
}

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    try {
      total += (await lstat(join(entry.parentPath, entry.name))).blocks * 512;
    } catch {
      // deleted meanwhile
    }
  }
  return total;
}
