// Issue 6: scene code that attacks the host. Every attack is refused by the AST gate, and —
// with the gate bypassed — stopped or contained by the sandbox on its own. SECURITY.md maps
// each attack to the layer that stops it. Run by two test files, one per render path
// (sandbox-attacks.test.ts cold, sandbox-attacks-warm.test.ts warm), so they run side by side.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot, renderConfigFromEnv, type RenderConfig } from './config.js';
import type { RenderFailure, RenderResult } from './contract.js';
import { gateCode } from './gate.js';
import { createLocalBackend } from './local-backend.js';

const MiB = 1024 * 1024;
const repo = findRepoRoot()!;
const base = renderConfigFromEnv({});
const secret = `sk-test-${Math.random().toString(36).slice(2)}`;
// A host directory beside the job dirs, holding a secret the scene must not read.
const hostDir = mkdtempSync(join(tmpdir(), 'attack-host-'));
let listener: Server;
let port = 0;
let connections = 0;

/** A scene whose construct() runs `body` first; the class name marks its processes. */
function attack(name: string, body: string, imports = 'import os'): { className: string; code: string } {
  const indented = body.trim().split('\n').map((l) => `        ${l}`).join('\n');
  return { className: name, code: `from manim import *\n${imports}\n\nclass ${name}(Scene):\n    def construct(self):\n${indented}\n        self.play(Create(Circle()), run_time=0.2)\n` };
}

async function renderUngated(warm: number, scene: { className: string; code: string }, overrides: Partial<RenderConfig> = {}, timeoutMs = 30_000): Promise<RenderResult> {
  const backend = createLocalBackend({ ...base, ...overrides, warm }, { skipGate: true });
  try {
    await backend.pool.ready();
    return await backend.render({ ...scene, quality: 'preview', aspectRatio: '16:9', timeoutMs });
  } finally {
    await backend.close();
  }
}

function failed(result: RenderResult): RenderFailure {
  if (result.ok) throw new Error('the attack rendered successfully');
  return result;
}

/** Processes named for the attack's class (the launcher names itself so): none may outlive the render. */
function survivors(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === marker.slice(0, 15)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

async function expectNoSurvivors(marker: string): Promise<void> {
  for (let i = 0; i < 30 && survivors(marker).length > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
  expect(survivors(marker)).toEqual([]);
}

const probeFiles = () => [
  '/etc/passwd',
  '/etc/shadow',
  '/root/.bashrc',
  join(repo, 'package.json'),
  join(repo, '.data'),
  join(repo, '.env'),
  join(hostDir, 'secret.txt'),
];

const attacks = {
  readFiles: attack('ReadFiles', `
found = []
for p in ${JSON.stringify(probeFiles())}:
    try:
        if os.path.isdir(p):
            found.append((p, "LISTED", os.listdir(p)))
        else:
            with open(p) as f:
                found.append((p, "READ", f.read(300)))
    except Exception as e:
        found.append((p, type(e).__name__))
raise RuntimeError(repr(found))`),
  environment: attack('Environment', 'raise RuntimeError(repr(dict(os.environ)))'),
  network: attack('Network', `
results = []
for host, port in [("127.0.0.1", ${'{PORT}'}), ("10.0.2.2", 80), ("1.1.1.1", 53)]:
    try:
        socket.create_connection((host, port), timeout=3).close()
        results.append((host, "CONNECTED"))
    except Exception as e:
        results.append((host, type(e).__name__, str(e)))
raise RuntimeError(repr(results))`, 'import socket'),
  spawn: attack('Spawn', `
out = subprocess.run(["/bin/sh", "-c", "id -u; ls -A ${repo}; cat /etc/passwd"], capture_output=True, text=True)
raise RuntimeError(repr((out.returncode, out.stdout, out.stderr)))`, 'import subprocess'),
  privileges: attack('Privileges', `
libc = ctypes.CDLL(None)
raise RuntimeError(repr(("uid", os.getuid(), "setuid0", libc.setuid(0), "euid", os.geteuid())))`, 'import ctypes\nimport os'),
  forkBomb: attack('ForkBomb', `
while True:
    os.fork()`),
  // Bounded in form (the gate refuses a bare "while True" with no break), endless in fact.
  memory: attack('Memory', `
blocks = []
while len(blocks) >= 0:
    blocks.append(bytearray(64 * 1024 * 1024))`, ''),
  loop: attack('Loop', `
n = 0
while n >= 0:
    n += 1`, ''),
  hugeFile: attack('HugeFile', `
chunk = b"x" * (1024 * 1024)
with open("big.bin", "wb") as f:
    while True:
        f.write(chunk)`),
  manyFiles: attack('ManyFiles', `
chunk = b"x" * (1024 * 1024)
i = 0
while True:
    with open(f"part{i}.bin", "wb") as f:
        for _ in range(8):
            f.write(chunk)
    i += 1`),
  writeOutside: attack('WriteOutside', `
results = []
for p in ["/evil", "/usr/evil", "/dev/evil", ${JSON.stringify(join(repo, 'evil-from-scene'))}, ${JSON.stringify(join(hostDir, 'evil'))}]:
    try:
        with open(p, "w") as f:
            f.write("x")
        results.append((p, "WROTE"))
    except Exception as e:
        results.append((p, type(e).__name__))
raise RuntimeError(repr(results))`),
};

/**
 * `cold`: the render process starts with the job. `warm`: it was prepared ahead (Manim
 * imported, waiting in its sandbox) and the job is handed to it, as the render worker does.
 */
export function describeSandboxAttacks(path: 'cold' | 'warm'): void {
  const warm = path === 'warm' ? 1 : 0;
  beforeAll(async () => {
    await writeFile(join(hostDir, 'secret.txt'), secret);
    process.env.EXPLAINER_ATTACK_TEST_SECRET = secret;
    listener = createServer((socket) => { connections += 1; socket.destroy(); });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(async () => {
    delete process.env.EXPLAINER_ATTACK_TEST_SECRET;
    listener.close();
    await rm(hostDir, { recursive: true, force: true });
  });

  // Plain Python that is legal but hostile: only the sandbox can stop these.
  const beyondTheGate = new Set(['memory', 'loop']);

  if (path === 'cold') describe('sandbox attacks: the AST gate refuses each one it can see before rendering', () => {
    it.each(Object.entries(attacks))('%s', async (name, scene) => {
      const result = await gateCode(scene.code.replace('{PORT}', String(port)), scene.className, base);
      expect(result.ok).toBe(beyondTheGate.has(name));
    });
  });

  describe(`sandbox attacks with the gate bypassed, ${path} render process: the sandbox holds on its own`, () => {
    it('cannot read /etc/passwd, the project, its data dir, root\'s home or other host files', async () => {
      const failure = failed(await renderUngated(warm, attacks.readFiles));
      expect(failure.errorClass).toBe('runtime');
      // The message is the short last line; the traceback carries the whole list.
      for (const path of probeFiles()) expect(failure.traceback).toMatch(new RegExp(`\\('${path.replace(/[.]/g, '\\.')}',\\s*'(FileNotFoundError|PermissionError)'\\)`));
      const outcome = failure.traceback.slice(failure.traceback.lastIndexOf('RuntimeError:'));
      expect(outcome).not.toMatch(/READ|LISTED/);
      expect(failure.log).not.toContain('root:x:0:0');
      expect(failure.log).not.toContain(secret);
    });

    it('sees none of the parent\'s environment (API keys stay out)', async () => {
      const failure = failed(await renderUngated(warm, attacks.environment));
      expect(failure.message).toMatch(/'HOME'/);
      expect(failure.log).not.toContain(secret);
      expect(failure.log).not.toContain('EXPLAINER_ATTACK_TEST_SECRET');
    });

    it('has no network: loopback and outside addresses are unreachable', async () => {
      const scene = { ...attacks.network, code: attacks.network.code.replace('{PORT}', String(port)) };
      const failure = failed(await renderUngated(warm, scene));
      expect(failure.errorClass).toBe('runtime');
      expect(failure.message).not.toContain('CONNECTED');
      expect(failure.message).toMatch(/ConnectionRefusedError|unreachable/i);
      expect(connections).toBe(0);
    });

    it('a spawned process is inside the same walls: unprivileged, no host files', async () => {
      const failure = failed(await renderUngated(warm, attacks.spawn));
      expect(failure.errorClass).toBe('runtime');
      expect(failure.log).not.toContain('root:x:0:0');
      // The project directory holds only the read-only venv mount; /etc/passwd does not exist.
      const uid = process.getuid?.() === 0 ? 65534 : process.getuid?.();
      expect(failure.message).toContain(`(1, '${uid}\\n.venv\\n', 'cat: /etc/passwd: No such file or directory\\n')`);
    });

    it('runs as an unprivileged uid that cannot setuid(0)', async () => {
      const failure = failed(await renderUngated(warm, attacks.privileges));
      const uid = process.getuid?.() === 0 ? 65534 : process.getuid?.();
      expect(failure.message).toContain(`('uid', ${uid}, 'setuid0', -1, 'euid', ${uid})`);
    });

    it('a fork bomb stays under the process limit, is stopped, and leaves no process behind', async () => {
      // Each of the 64 processes then prints a Rich traceback on a shared 2-core box, so the
      // bomb often ends at the wall clock rather than on its own: both are fine, unbounded is not.
      let peak = 0;
      const watch = setInterval(() => { peak = Math.max(peak, survivors('ForkBomb').length); }, 200);
      const failure = failed(await renderUngated(warm, attacks.forkBomb, { maxProcesses: 64 }, 8_000));
      clearInterval(watch);
      expect(['resource', 'timeout']).toContain(failure.errorClass);
      expect(peak).toBeGreaterThan(10);
      expect(peak).toBeLessThanOrEqual(64);
      await expectNoSurvivors('ForkBomb');
    });

    it('unbounded allocation hits the memory limit and fails as resource', async () => {
      const failure = failed(await renderUngated(warm, attacks.memory, { memoryBytes: 1536 * MiB }));
      expect(failure.errorClass).toBe('resource');
      expect(failure.message).toMatch(/out of memory.*MemoryError/);
    });

    it('an endless loop is killed at the wall-clock timeout, with every process in the sandbox', async () => {
      const failure = failed(await renderUngated(warm, attacks.loop, {}, 4_000));
      expect(failure.errorClass).toBe('timeout');
      expect(failure.message).toMatch(/longer than 4 s/);
      await expectNoSurvivors('Loop');
    });

    it('a huge file stops at the file-size limit', async () => {
      const failure = failed(await renderUngated(warm, attacks.hugeFile, { fileBytes: 32 * MiB }));
      expect(failure.errorClass).toBe('resource');
      expect(failure.message).toMatch(/file larger than the limit|File too large/);
    });

    it('many files stop at the job-directory limit', async () => {
      const failure = failed(await renderUngated(warm, attacks.manyFiles, { fileBytes: 16 * MiB, jobDirBytes: 96 * MiB }));
      expect(failure.errorClass).toBe('resource');
      expect(failure.message).toMatch(/wrote more than 96 MB/);
      await expectNoSurvivors('ManyFiles');
    });

    it('cannot write anywhere but its job directory', async () => {
      const failure = failed(await renderUngated(warm, attacks.writeOutside));
      // Inside the sandbox /tmp is a private tmpfs that vanishes with the render; a write
      // there succeeds when the repo itself lives under /tmp (as CI's clone does), harmlessly.
      const wrote = [...failure.message.matchAll(/\('([^']+)', 'WROTE'\)/g)].map((m) => m[1]!);
      expect(wrote.filter((path) => !path.startsWith('/tmp/'))).toEqual([]);
      expect(existsSync(join(repo, 'evil-from-scene'))).toBe(false);
      expect(existsSync(join(hostDir, 'evil'))).toBe(false);
    });

    it('leaves the host able to render normally afterwards', async () => {
      const backend = createLocalBackend({ ...base, warm });
      const ok = await backend.render({ ...attack('After', 'pass', ''), quality: 'preview', aspectRatio: '16:9' });
      await backend.close();
      expect(ok.ok ? 'rendered' : ok.message).toBe('rendered');
    });
  });
}
