import { lstat, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Cue } from '../domain/narration.js';
import { layNarration, NarrationTimeline } from '../media/lay-narration.js';
import { probeClip } from '../media/probe-clip.js';
import { classifyFailure } from './classify.js';
import type { RenderConfig } from './config.js';
import { LOG_LIMIT, RenderJob, failure, tail, type RenderBackend, type RenderResult } from './contract.js';
import { gateCode, gateFailure } from './gate.js';
import { checkTexStrings } from './tex-check.js';
import { manimCfg, renderPreset } from '../domain/presets.js';
import { readLayoutReport } from './layout-report.js';
import { RenderProcess } from './render-process.js';
import { probeSandbox, type SandboxProbe } from './sandbox.js';
import { WarmPool } from './warm-pool.js';

export type LocalBackendOptions = {
  /** Tests only: skip the AST gate to prove the sandbox holds on its own. */
  skipGate?: boolean;
  /** Tests only: pretend the host probe found this. */
  probe?: SandboxProbe;
};

const DISK_CHECK_MS = 500;

export type LocalBackend = RenderBackend & {
  readonly sandbox: SandboxProbe;
  /** `config.warm` interpreters kept prepared (Manim imported, each in its own sandbox). */
  readonly pool: WarmPool;
  /** Kills the prepared interpreters; a long-lived host calls it when it stops. */
  close(): Promise<void>;
};

/**
 * Renders with `manim render` on this host, inside the sandbox layers the host allows. Each
 * job runs in a render process of its own (render-process.ts), taken from a pool that
 * prepares `config.warm` of them ahead of demand (warm-pool.ts).
 */
export function createLocalBackend(config: RenderConfig, options: LocalBackendOptions = {}): LocalBackend {
  const probe = options.probe ?? probeSandbox(config);
  // No spares for a host that could not render anyway: they would only burn CPU.
  const usable = probe.missing.length === 0 || config.allowUnsandboxed;
  const pool = new WarmPool(usable ? config.warm : 0, (ahead) => RenderProcess.prepare(config, probe, ahead));
  return {
    sandbox: probe,
    pool,
    close: () => pool.close(),
    async render(rawJob: RenderJob, signal?: AbortSignal): Promise<RenderResult> {
      const parsed = RenderJob.safeParse(rawJob);
      if (!parsed.success) return failure('internal', `invalid render job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const job = parsed.data;
      if (probe.missing.length > 0 && !config.allowUnsandboxed) {
        return failure('sandbox', `refusing to render without a complete sandbox: ${probe.missing.join('; ')}. Set RENDER_ALLOW_UNSANDBOXED=1 only if this host is itself disposable.`);
      }
      const started = performance.now();
      try {
        return await gateAndRender(job, config, probe, pool, options, started, signal);
      } catch (err) {
        // The contract is a result, never a throw: the handler records it like any failed render.
        return failure('internal', `the renderer failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

async function gateAndRender(job: RenderJob, config: RenderConfig, probe: SandboxProbe, pool: WarmPool, options: LocalBackendOptions, started: number, signal?: AbortSignal): Promise<RenderResult> {
  const renderOnce = async (what: RenderJob) => {
    const proc = await pool.take();
    try {
      return await renderInJobDir(what, proc, config, probe, started, signal);
    } finally {
      await pool.release(proc);
    }
  };
  if (!options.skipGate) {
    const gate = await gateCode(job.code, job.className, config);
    if (!gate.ok) return gateFailure(gate);
    const latex = gate.tex.length > 0 ? await checkTexStrings(gate.tex, renderOnce) : null;
    if (latex) return latex;
  }
  const unvoiced = narrationUnplayable(job);
  if (unvoiced) return failure('gate', unvoiced, { traceback: unvoiced, log: unvoiced });
  return renderOnce(job);
}

async function renderInJobDir(job: RenderJob, proc: RenderProcess, config: RenderConfig, probe: SandboxProbe, started: number, signal?: AbortSignal): Promise<RenderResult> {
  const { jobDir } = proc;
  await writeFile(join(jobDir, 'scene.py'), job.code, { mode: 0o644 });
  // The size comes from a manim.cfg, not `-r`: only then does Manim derive frame_width from
  // the aspect ratio, so portrait and square scenes reach the real edges. It is passed as
  // --config_file because the interpreter read the (then empty) folder's config at import.
  await writeFile(join(jobDir, 'manim.cfg'), manimCfg(renderPreset(job.quality, job.aspectRatio)), { mode: 0o644 });
  // The voiceover helper beside the scene (Manim puts the scene's folder on sys.path), and what
  // it plays: only this job's files. A silent job gets the helper too, so a scene written with
  // voiceover blocks still renders, silently.
  await writeFile(join(jobDir, 'narration.py'), await readFile(join(dirname(config.gateScript), 'narration.py')), { mode: 0o644 });
  if (job.narration) await writeFile(join(jobDir, 'narration.json'), JSON.stringify({ sentences: job.narration.sentences }), { mode: 0o644 });
  const manimArgv = [
    'render', join(jobDir, 'scene.py'), job.className,
    '--config_file', join(jobDir, 'manim.cfg'),
    '--progress_bar', 'none', '--disable_caching',
    // --silent is the off switch of notify_outdated_version: no version check over the network.
    '--silent',
    '--media_dir', join(jobDir, 'media'), '-o', 'clip',
  ];
  // The config's timeout is the ceiling as well as the default: a job may ask for less, never more.
  const timeoutMs = Math.min(job.timeoutMs ?? config.timeoutMs, config.timeoutMs);

  let timedOut = false;
  let diskExceeded = false;
  let aborted = false;
  const timer = setTimeout(() => { timedOut = true; proc.kill(); }, timeoutMs);
  const onAbort = () => { aborted = true; proc.kill(); };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  let checking = false;
  const disk = setInterval(() => {
    if (checking) return;
    checking = true;
    directorySize(jobDir)
      .then((size) => { if (size > config.jobDirBytes) { diskExceeded = true; proc.kill(); } })
      .catch(() => undefined)
      .finally(() => { checking = false; });
  }, DISK_CHECK_MS);

  // The job line waits in the pipe until the interpreter has imported Manim, if it has not yet.
  if (!aborted) proc.start(manimArgv, job.className);
  const exit = await proc.exited;
  clearTimeout(timer);
  clearInterval(disk);
  signal?.removeEventListener('abort', onAbort);
  proc.kill();
  const text = proc.text();

  if (exit.error) return failure('sandbox', `could not start the renderer: ${exit.error.message}`, { log: text });
  if (aborted) return failure('internal', 'the render was cancelled', { log: text });
  if (exit.code === 0 && !timedOut && !diskExceeded) {
    const clipPath = await findClip(join(jobDir, 'media'));
    // Manim writes a still image instead of a video when construct() plays nothing: the code's fault.
    if (!clipPath) return failure('runtime', 'the scene played no animation, so no video was written; use self.play(...) or self.wait(...) in construct()', { log: text });
    let clip: Buffer = await readFile(clipPath);
    const info = await probeClip(clip);
    // What the layout check (installed by render_job.py) saw during this same render.
    const layout = await readLayoutReport(jobDir);
    let cues: Cue[] | undefined;
    if (job.narration) {
      const voiced = await voiceClip(job.narration, jobDir, clipPath, info.durationSeconds);
      if ('message' in voiced) return failure('runtime', voiced.message, { traceback: voiced.message, log: text });
      clip = voiced.clip;
      cues = voiced.cues;
    }
    return { ok: true, clip, durationSeconds: info.durationSeconds, renderSeconds: (performance.now() - started) / 1000, log: tail(text, LOG_LIMIT), sandbox: [...probe.layers], layout, ...(cues ? { cues } : {}) };
  }
  return classifyFailure({ code: exit.code, signal: exit.signal, log: text, timedOut, diskExceeded, timeoutMs, limits: { memoryBytes: config.memoryBytes, fileBytes: config.fileBytes, jobDirBytes: config.jobDirBytes, cpuSeconds: config.cpuSeconds } });
}

/** A narrated scene must play its sentences through the voiceover shape, or its speech would never be heard. */
function narrationUnplayable(job: RenderJob): string | null {
  if (!job.narration || job.narration.sentences.length === 0) return null;
  if (new RegExp(`class\\s+${job.className}\\s*\\(\\s*VoiceoverScene\\s*\\)`).test(job.code) && /^from narration import VoiceoverScene\s*$/m.test(job.code)) return null;
  return `this scene has narration: write \`from narration import VoiceoverScene\`, \`class ${job.className}(VoiceoverScene):\`, and play each sentence inside \`with self.voiceover(text=...) as tracker:\``;
}

/** Lays the prepared speech (or silence) under the silent clip, where the scene's voiceover blocks put it. */
async function voiceClip(narration: NonNullable<RenderJob['narration']>, jobDir: string, clipPath: string, clipSeconds: number): Promise<{ clip: Buffer; cues: Cue[] } | { message: string }> {
  let timeline: NarrationTimeline = { blocks: [] };
  if (narration.sentences.length > 0) {
    let raw: string;
    try {
      raw = await readFile(join(jobDir, 'narration-timeline.json'), 'utf8');
    } catch {
      return { message: 'the narration was never played: the scene must subclass VoiceoverScene and, if it defines tear_down, call super().tear_down()' };
    }
    const parsed = NarrationTimeline.safeParse(safeJson(raw));
    if (!parsed.success) return { message: 'the narration timeline the scene left behind is unreadable' };
    timeline = parsed.data;
  }
  let audioPath: string | null = null;
  if (narration.audioBase64) {
    audioPath = join(jobDir, 'narration.wav');
    await writeFile(audioPath, Buffer.from(narration.audioBase64, 'base64'), { mode: 0o600 });
  }
  const outPath = join(jobDir, 'voiced.mp4');
  const cues = await layNarration({ clipPath, audioPath, sentences: narration.sentences, timeline, clipSeconds, outPath });
  return { clip: await readFile(outPath), cues };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
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
