import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessLauncher } from './process-runner.js';

// The launcher's worker life cycle, with the `warm` fixture (it counts its calls in module
// state and reports its pid), an idle limit short enough to wait for.
const dir = fileURLToPath(new URL('./fixtures/functions/warm', import.meta.url));
const launcher = new ProcessLauncher(0, 300);
afterAll(() => launcher.close());

async function call(env: Record<string, string> = {}) {
  const out = await launcher.run({ entrypoint: `${dir}/src/main.js`, cwd: dir, env, timeoutMs: 10_000, method: 'POST', path: '/', headers: {}, body: Buffer.alloc(0) });
  expect(out.statusCode, out.errors).toBe(200);
  return JSON.parse(out.body.toString()) as { calls: number; pid: number };
}

describe('process launcher', () => {
  it('reuses a worker for the same code and environment, and retires it after its idle time', async () => {
    const first = await call();
    const second = await call();
    expect(second).toEqual({ ...first, calls: first.calls + 1, cwd: dir, variable: null });
    // Another environment is another worker, beside the first.
    expect((await call({ WARM_VARIABLE: 'x' })).pid).not.toBe(first.pid);
    await new Promise((r) => setTimeout(r, 600));
    const after = await call();
    expect(after.calls).toBe(1);
    expect(after.pid).not.toBe(first.pid);
  });
});
