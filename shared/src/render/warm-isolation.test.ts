// Warm renders share nothing: a job that changes Manim's global config, monkey-patches a
// class, sets module state and environment, writes files and leaves a descriptor and a
// process behind, followed by a job on the same warm backend that looks for each of those.
import { afterAll, describe, expect, it } from 'vitest';
import { renderConfigFromEnv } from './config.js';
import type { RenderResult } from './contract.js';
import { createLocalBackend } from './local-backend.js';

// The gate refuses every one of these writes; bypassed, isolation must hold by construction.
const warm = createLocalBackend(renderConfigFromEnv({}, { warm: 1 }), { skipGate: true });
afterAll(() => warm.close());

const LEAK = `
config.background_color = RED
config.frame_rate = 3
def patched(self, *args, **kwargs):
    raise RuntimeError("PATCHED Circle")
Circle.__init__ = patched
Circle.leaked_marker = True
manim.LEAKED_STATE = True
os.environ["LEAKED_ENV"] = "1"
with open("/tmp/leak.txt", "w") as f:
    f.write("x")
with open(os.path.expanduser("~/leak.txt"), "w") as f:
    f.write("x")
with open("leak-in-job-dir.txt", "w") as f:
    f.write("x")
os.dup2(os.open("/proc/self/status", os.O_RDONLY), 42)
sleeper = subprocess.Popen(["sleep", "60"])
for _ in range(200):
    if "sleep" in open(f"/proc/{sleeper.pid}/cmdline").read():
        break
    time.sleep(0.02)`;

const OBSERVE = `
def circle_works():
    try:
        Circle()
        return True
    except Exception as e:
        return repr(e)
others = sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid() and "sleep" in open(f"/proc/{p}/cmdline").read())
seen = {
    "background": str(config.background_color),
    "frame_rate": config.frame_rate,
    "circle_patched": hasattr(Circle, "leaked_marker"),
    "circle_works": circle_works(),
    "module_state": hasattr(manim, "LEAKED_STATE"),
    "env": os.environ.get("LEAKED_ENV"),
    "tmp_file": os.path.exists("/tmp/leak.txt"),
    "home_file": os.path.exists(os.path.expanduser("~/leak.txt")),
    "job_dir_file": os.path.exists("leak-in-job-dir.txt"),
    "fd_42": os.path.exists("/proc/self/fd/42"),
    "sleepers": len(others),
}
raise RuntimeError("SEEN " + json.dumps(seen, sort_keys=True))`;

function scene(name: string, body: string): { className: string; code: string } {
  const indented = body.trim().split('\n').map((l) => `        ${l}`).join('\n');
  return {
    className: name,
    code: `from manim import *\nimport manim, os, json, subprocess, time\n\nclass ${name}(Scene):\n    def construct(self):\n${indented}\n        self.play(Create(Square()), run_time=0.2)\n`,
  };
}

async function render(backend: typeof warm, s: { className: string; code: string }): Promise<RenderResult> {
  return backend.render({ ...s, quality: 'preview', aspectRatio: '16:9', timeoutMs: 60_000 });
}

function seen(result: RenderResult): Record<string, unknown> {
  if (result.ok) throw new Error('the observing scene was meant to fail with what it saw');
  // Rich wraps the exception line at the terminal width; the JSON has no nested braces.
  const match = /SEEN (\{[^}]*\})/.exec(result.log);
  if (!match) throw new Error(`no observation in: ${result.message}\n${result.log.slice(-2000)}`);
  return JSON.parse(match[1]!.replace(/\n/g, '')) as Record<string, unknown>;
}

const clean = {
  background: '#000000',
  frame_rate: 15,
  circle_patched: false,
  circle_works: true,
  module_state: false,
  env: null,
  tmp_file: false,
  home_file: false,
  job_dir_file: false,
  fd_42: false,
  sleepers: 0,
};

describe('warm renders: nothing leaks from one job to the next', () => {
  it('the observer sees every leak when it runs in the leaking job itself (it can detect them)', async () => {
    const cold = createLocalBackend(renderConfigFromEnv({}), { skipGate: true });
    const observed = seen(await render(cold, scene('LeakAndLook', `${LEAK}\n${OBSERVE}`)));
    for (const [key, value] of Object.entries(observed)) expect({ [key]: value }).not.toEqual({ [key]: clean[key as keyof typeof clean] });
  });

  it('a job after a leaking one on the same warm backend sees a fresh Manim, process and job directory', async () => {
    await warm.pool.ready();
    const leaked = await render(warm, scene('Leaker', LEAK));
    expect(leaked.ok ? 'rendered' : leaked.message).toBe('rendered');
    // The next job's interpreter was prepared once the leaker ended, and is now taken warm.
    expect(warm.pool.waiting).toBe(1);
    await warm.pool.ready();
    expect(seen(await render(warm, scene('Looker', OBSERVE)))).toEqual(clean);
  });
});
