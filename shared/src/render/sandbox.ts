import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import type { RenderConfig } from './config.js';
import type { SandboxLayer } from './contract.js';
import { interpreterBind, type InterpreterBind } from './python-mirror.js';
import { traversableByOthers } from './traversable.js';

export type SandboxProbe = {
  /** Layers that work on this host and will wrap every render. */
  layers: SandboxLayer[];
  /** Why a required layer is unavailable; empty when the sandbox is complete. */
  missing: string[];
  /** Drop to `config.sandboxUid` with setpriv (we are root; as root bwrap's "nobody" is still root outside). */
  dropPrivileges: boolean;
  /** Where the sandbox finds the venv's interpreter. */
  interpreter: InterpreterBind | null;
};

type ProbeConfig = Pick<RenderConfig, 'venv' | 'jobRoot' | 'sandboxUid' | 'memoryBytes'>;

const probes = new Map<string, SandboxProbe>();

/** Which sandbox layers this host allows, found by running a trivial sandboxed command once. */
export function probeSandbox(config: ProbeConfig): SandboxProbe {
  const key = JSON.stringify([config.venv, config.jobRoot, config.sandboxUid]);
  const cached = probes.get(key);
  if (cached) return cached;
  const probe = runProbe(config);
  probes.set(key, probe);
  return probe;
}

function runProbe(config: ProbeConfig): SandboxProbe {
  const layers: SandboxLayer[] = ['timeout'];
  const missing: string[] = [];
  const root = process.getuid?.() === 0;
  const has = (bin: string) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;

  const prlimit = has('prlimit');
  if (prlimit) layers.push('prlimit');
  else missing.push('prlimit (util-linux) is not installed: no CPU, memory or file-size limits');

  const setpriv = root && has('setpriv');
  if (!root) layers.push('non-root');
  else if (setpriv) layers.push('setpriv');
  else missing.push('setpriv (util-linux) is not installed: as root, the sandbox would run scene code as root');

  if (root && !traversableByOthers(config.jobRoot)) {
    missing.push(`uid ${config.sandboxUid} cannot reach the job root ${config.jobRoot}; set RENDER_JOB_ROOT to a world-traversable directory such as /tmp`);
  }

  let interpreter: InterpreterBind | null = null;
  if (!has('bwrap')) {
    missing.push('bubblewrap (bwrap) is not installed: no filesystem or network isolation');
  } else {
    const command = [
      ...(setpriv ? setprivPrefix(config.sandboxUid) : []),
      'bwrap', '--unshare-all', '--die-with-parent', '--new-session', ...systemBinds(), '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--', '/bin/true',
    ];
    const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 15_000 });
    if (result.status === 0) {
      layers.push('bwrap');
      const bind = interpreterBind(config.venv, config.jobRoot, setpriv);
      if (bind && 'error' in bind) missing.push(bind.error);
      else interpreter = bind;
    } else missing.push(`bubblewrap cannot create a sandbox here (${(result.stderr || result.error?.message || 'unknown error').trim().split('\n')[0]}); user namespaces may be disabled`);
  }
  return { layers, missing, dropPrivileges: setpriv, interpreter };
}

function setprivPrefix(uid: number): string[] {
  return ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--'];
}

/** /usr read-only, and /lib, /bin … as the host has them (symlinks on merged-/usr systems). */
function systemBinds(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const path of ['/lib', '/lib64', '/lib32', '/libx32', '/bin', '/sbin']) {
    if (!existsSync(path)) continue;
    if (lstatSync(path).isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else args.push('--ro-bind', path, path);
  }
  return args;
}

/** What a render may read besides /usr: fonts, the dynamic linker cache, the TeX tree. Never /etc/passwd or the project. */
const READ_ONLY_EXTRAS = ['/etc/fonts', '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/texmf', '/var/lib/texmf', '/var/cache/fontconfig', '/etc/localtime'];

const SHM_BYTES = 16 * 1024 * 1024;
const TMP_BYTES = 256 * 1024 * 1024;

export type SandboxCommand = { command: string; args: string[] };

export type SandboxSpec = {
  jobDir: string;
  /** argv inside the sandbox. */
  argv: string[];
  env: Record<string, string>;
  limits: Pick<RenderConfig, 'cpuSeconds' | 'memoryBytes' | 'fileBytes' | 'maxProcesses' | 'sandboxUid'>;
  venv: string;
  /** `shared/python`: the launcher (and what it imports), bound read-only at LAUNCHER_DIR_IN_SANDBOX. */
  pythonDir: string;
};

/**
 * Where the sandbox sees `shared/python`. Not at its own path: the project stays invisible
 * (a scene listing the project directory sees only the venv).
 */
export const LAUNCHER_DIR_IN_SANDBOX = '/opt/explainer/python';

/**
 * prlimit → setpriv → bwrap → argv. Every layer execs the next, so the wall-clock kill of the
 * process group from Node reaches bwrap, and `--die-with-parent` plus the pid namespace take
 * every process inside down with it.
 */
export function sandboxCommand(probe: SandboxProbe, spec: SandboxSpec): SandboxCommand {
  const argv: string[] = [];
  const { limits } = spec;
  if (probe.layers.includes('prlimit')) {
    argv.push('prlimit', `--cpu=${limits.cpuSeconds}`, `--as=${limits.memoryBytes}`, `--fsize=${limits.fileBytes}`, `--nproc=${limits.maxProcesses}`, '--core=0', '--');
  }
  if (probe.dropPrivileges) argv.push(...setprivPrefix(limits.sandboxUid));
  if (probe.layers.includes('bwrap')) {
    argv.push('bwrap', '--unshare-all', '--die-with-parent', '--new-session', '--clearenv');
    for (const [key, value] of Object.entries(spec.env)) argv.push('--setenv', key, value);
    argv.push(...systemBinds());
    for (const path of READ_ONLY_EXTRAS) argv.push('--ro-bind-try', path, path);
    // Every writable tmpfs is size-capped (they are RAM), and the rest is remounted read-only:
    // bubblewrap's own root and /dev are writable tmpfs otherwise.
    argv.push('--proc', '/proc', '--dev', '/dev', '--size', String(SHM_BYTES), '--tmpfs', '/dev/shm', '--remount-ro', '/dev');
    argv.push('--size', String(TMP_BYTES), '--tmpfs', '/tmp');
    if (probe.interpreter) argv.push('--ro-bind', probe.interpreter.source, probe.interpreter.dest);
    argv.push('--ro-bind', spec.venv, spec.venv);
    argv.push('--ro-bind', spec.pythonDir, LAUNCHER_DIR_IN_SANDBOX);
    // After `--tmpfs /tmp`, so a job dir under /tmp is not hidden by it.
    argv.push('--bind', spec.jobDir, spec.jobDir, '--remount-ro', '/', '--chdir', spec.jobDir, '--');
  }
  argv.push(...spec.argv);
  return { command: argv[0]!, args: argv.slice(1) };
}

