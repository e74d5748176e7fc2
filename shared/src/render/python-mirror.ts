import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { traversableByOthers } from './traversable.js';

/** How the sandbox sees the interpreter the venv points at: bind `source` at `dest` (null: nothing to bind). */
export type InterpreterBind = { source: string; dest: string };

/**
 * A venv's `bin/python` is a symlink to the interpreter it was made from. When that lives
 * where the sandbox uid cannot walk (pyenv under /root), bubblewrap — running as that uid —
 * cannot bind it. We then copy the interpreter's runtime once (binary, libpython, stdlib;
 * no site-packages or tests, ≈ 100 MB) into a world-readable cache beside the job dirs and
 * bind the copy at the original path, so the venv's symlinks resolve inside the sandbox.
 */
export function interpreterBind(venv: string, cacheRoot: string, dropPrivileges: boolean): InterpreterBind | null | { error: string } {
  let python: string;
  try {
    python = realpathSync(join(venv, 'bin/python'));
  } catch {
    return { error: `no Python in ${venv} (run \`npm run setup\`)` };
  }
  const prefix = dirname(dirname(python));
  // /usr is bound anyway; elsewhere, a sandbox running as ourselves can read what we can.
  if (prefix === '/usr' || prefix.startsWith('/usr/')) return null;
  if (!dropPrivileges || traversableByOthers(python)) return { source: prefix, dest: prefix };

  const version = basename(python); // python3.11
  const key = createHash('sha256').update(`v2:${python}:${statSync(python).mtimeMs}`).digest('hex').slice(0, 12);
  const mirror = join(cacheRoot, `explainer-python-${key}`);
  if (existsSync(join(mirror, 'bin', version))) {
    // /tmp is shared: only trust a mirror we made ourselves and nobody else can change.
    if (ownedAndLocked(mirror)) return { source: mirror, dest: prefix };
    return { error: `${mirror} exists but is not owned by us or is writable by others; remove it` };
  }

  const staging = `${mirror}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o755 });
  const exclude = ['site-packages', 'test', 'idlelib', 'tkinter', 'turtledemo', 'ensurepip', 'lib2to3'].flatMap((d) => ['--exclude', `./lib/${version}/${d}`]);
  // Every `python*` name in bin: the venv's symlink chain may pass through python3 → python3.11.
  const binaries = readdirSync(join(prefix, 'bin')).filter((name) => /^python[0-9.]*$/.test(name)).map((name) => `./bin/${name}`);
  const members = [...binaries, `./lib/${version}`, ...['libpython3.so', `lib${version}.so`, `lib${version}.so.1.0`].map((f) => `./lib/${f}`).filter((f) => existsSync(join(prefix, f)))];
  const pack = spawnSync('bash', ['-c', 'tar -C "$1" -cf - "${@:3}" | tar -C "$2" -xf -', 'mirror', prefix, staging, ...exclude, ...members], { encoding: 'utf8' });
  if (pack.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    return { error: `could not copy the interpreter ${python} where the sandbox can read it: ${pack.stderr.trim()}` };
  }
  spawnSync('chmod', ['-R', 'a+rX,go-w', staging]);
  chmodSync(staging, 0o755);
  try {
    renameSync(staging, mirror);
  } catch {
    // Another process made the same mirror first; theirs is as good as ours.
    rmSync(staging, { recursive: true, force: true });
  }
  return { source: mirror, dest: prefix };
}

function ownedAndLocked(dir: string): boolean {
  const stat = statSync(dir);
  return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
}
