import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ExitCode } from './failures.js';
import { main, type Io } from './main.js';

function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: { write: (t) => void (out += t), isTTY: false, columns: 100 },
    err: (l) => void (err += `${l}\n`),
    stdout: () => out,
    stderr: () => err,
  };
}

/** A port nothing listens on: bind one, note it, close it. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

describe('explainer CLI arguments and failures', () => {
  it('rejects an unknown command and unknown flags with the usage exit code', async () => {
    const io = capture();
    expect(await main(['render-everything'], io)).toBe(ExitCode.usage);
    expect(io.stderr()).toContain('unknown command "render-everything"');
    expect(await main(['list', '--bogus'], capture())).toBe(ExitCode.usage);
  });

  it('rejects a bad number before any request', async () => {
    const io = capture();
    expect(await main(['create', 'Topic here', '--max-scenes', 'three', '--endpoint', 'http://127.0.0.1:1/v1'], io)).toBe(ExitCode.usage);
    expect(io.stderr()).toContain('--max-scenes must be a whole number');
  });

  it('names the endpoint it could not reach', async () => {
    const port = await deadPort();
    const io = capture();
    expect(await main(['list', '--endpoint', `http://127.0.0.1:${port}/v1`], io)).toBe(ExitCode.unreachable);
    expect(io.stderr()).toContain(`cannot reach Appwrite at http://127.0.0.1:${port}/v1`);
  });

  it('refuses a non-http endpoint', async () => {
    const io = capture();
    expect(await main(['list', '--endpoint', 'ftp://example.test/v1'], io)).toBe(ExitCode.usage);
    expect(io.stderr()).toContain('http(s) URL');
  });
});
