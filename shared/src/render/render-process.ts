import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { join } from 'node:path';
import type { RenderConfig } from './config.js';
import { LOG_LIMIT, tail } from './contract.js';
import { LAUNCHER_DIR_IN_SANDBOX, sandboxCommand, type SandboxProbe } from './sandbox.js';

/** The line `shared/python/render_job.py` prints once Manim is imported (see there). */
const READY = '\x1eexplainer-render-ready\n';
const LAUNCHER = 'render_job.py';
/** How far below running renders a process prepared ahead imports Manim. */
const SPARE_NICE = 10;

export type RenderExit = { code: number | null; signal: NodeJS.Signals | null; error?: Error };

/**
 * One sandboxed interpreter for one render job, started before the job is known: its own job
 * directory (the only writable host path it sees), its own bubblewrap sandbox, its own limits.
 * `render_job.py` imports Manim and waits; `start(argv)` hands it the job, after which the
 * process is only ever watched and killed, never reused.
 */
export class RenderProcess {
  readonly exited: Promise<RenderExit>;
  /** Resolves true once Manim is imported and the job can be sent, false if the process died first. */
  readonly ready: Promise<boolean>;
  private readonly log = new LogTail(LOG_LIMIT * 4);
  private pending = '';
  private isReady = false;
  private started = false;
  private gone = false;

  private constructor(readonly jobDir: string, private readonly child: ChildProcess, private background: boolean) {
    let markReady: (ok: boolean) => void = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (this.isReady) return this.log.push(chunk);
      // Until the marker, hold back what could be its first half.
      this.pending += chunk.toString('utf8');
      const at = this.pending.indexOf(READY);
      if (at < 0) return;
      this.log.push(Buffer.from(this.pending.slice(0, at)));
      this.log.push(Buffer.from(this.pending.slice(at + READY.length)));
      this.pending = '';
      this.isReady = true;
      markReady(true);
    });
    child.stderr!.on('data', (chunk: Buffer) => this.log.push(chunk));
    // Piped stdin that nobody reads yet must not crash us if the process dies meanwhile.
    child.stdin!.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => { this.gone = true; markReady(false); resolve({ code: null, signal: null, error }); });
      child.on('close', (code, signal) => { this.gone = true; markReady(false); resolve({ code, signal }); });
    });
  }

  /** Makes the job directory and starts the sandboxed launcher in it. */
  /**
   * `ahead`: prepared before any job wants it. Then it imports Manim at a lower CPU priority,
   * so running renders keep the cores, and gets our priority back when its job arrives. Only
   * where we may raise a priority again (root); elsewhere it starts at ours.
   */
  static async prepare(config: RenderConfig, probe: SandboxProbe, ahead = false): Promise<RenderProcess> {
    const jobDir = await makeJobDir(config, probe);
    try {
      const home = join(jobDir, 'home');
      const launcher = probe.layers.includes('bwrap') ? join(LAUNCHER_DIR_IN_SANDBOX, LAUNCHER) : join(config.pythonDir, LAUNCHER);
      const argv = [join(config.venv, 'bin/python'), launcher];
      const env = renderEnv(config, home);
      const limits = { cpuSeconds: config.cpuSeconds, memoryBytes: config.memoryBytes, fileBytes: config.fileBytes, maxProcesses: config.maxProcesses, sandboxUid: config.sandboxUid };
      const command = sandboxCommand(probe, { jobDir, argv, env, limits, venv: config.venv, pythonDir: config.pythonDir });
      const background = ahead && process.getuid?.() === 0;
      const [file, ...args] = background ? ['nice', '-n', String(SPARE_NICE), command.command, ...command.args] : [command.command, ...command.args];
      const child = spawn(file!, args, {
        cwd: jobDir,
        // Its own process group, so the wall-clock kill reaches every layer at once.
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: probe.layers.includes('bwrap') ? { PATH: '/usr/bin:/bin' } : env,
      });
      const proc = new RenderProcess(jobDir, child, background);
      void proc.exited.then(() => proc.kill());
      return proc;
    } catch (err) {
      await rm(jobDir, { recursive: true, force: true });
      throw err;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether it is still waiting for a job (a pool hands out only these). */
  get idle(): boolean {
    return !this.gone && !this.started;
  }

  /** Hands the process its one job: the `manim` arguments, and a name for `ps` (the scene's class). */
  start(manimArgv: string[], name: string): void {
    if (this.started) throw new Error('a render process serves one job only');
    this.started = true;
    if (this.background && this.child.pid) {
      this.background = false;
      reprioritize(this.child.pid, getPriority(process.pid));
    }
    this.child.stdin!.end(`${JSON.stringify({ argv: manimArgv, name })}\n`);
  }

  /** Kills every layer of the sandbox (bwrap's --die-with-parent and the pid namespace take the rest). */
  kill(): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** The output so far, with Rich's padding to the terminal width trimmed. */
  text(): string {
    const held = this.isReady ? '' : this.pending;
    return (this.log.text() + held).split('\n').map((line) => line.trimEnd()).join('\n');
  }

  /** Kills it if still running and removes its job directory. */
  async dispose(): Promise<void> {
    this.kill();
    await this.exited;
    await rm(this.jobDir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** For a host that is exiting: no awaiting, best effort. */
  disposeSync(): void {
    this.kill();
    rmSync(this.jobDir, { recursive: true, force: true });
  }
}

/** Sets the priority of every thread of `pid` and of its descendants (nice is per thread on Linux). */
function reprioritize(pid: number, nice: number): void {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return; // gone
  }
  for (const tid of tasks) {
    try {
      setPriority(Number(tid), nice);
    } catch {
      // exited meanwhile
    }
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      // exited meanwhile
    }
    for (const child of children) reprioritize(Number(child), nice);
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

/** Only what Manim needs: never the parent's environment, which holds API keys. */
function renderEnv(config: RenderConfig, home: string): Record<string, string> {
  return {
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
}

/** Keeps the last `limit` bytes of a stream: a scene that prints forever must not fill our memory. */
class LogTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }
  text(): string {
    return tail(Buffer.concat(this.chunks).toString('utf8'), this.limit);
  }
}
