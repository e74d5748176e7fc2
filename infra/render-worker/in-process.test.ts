import { describe, expect, it } from 'vitest';
import { renderConfigFromEnv } from '../../shared/src/render/config.js';
import { createWorkerBackend } from '../../shared/src/render/worker-backend.js';
import { startInProcessWorker } from './in-process.js';

const tiny = 'from manim import *\n\nclass Tiny(Scene):\n    def construct(self):\n        self.play(Create(Circle()), run_time=0.3)\n';

describe('the render worker inside a host process (as the local stack runs it)', () => {
  it('renders through the worker backend with the env it hands out, refuses other tokens, and is gone after close', async () => {
    const worker = await startInProcessWorker(renderConfigFromEnv({}), 1);
    const { RENDER_WORKER_URL: url, RENDER_WORKER_TOKEN: token, RENDER_BACKEND: backend } = worker.env;
    try {
      expect(backend).toBe('worker');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const result = await createWorkerBackend({ workerUrl: url, workerToken: token, timeoutMs: 60_000 }).render({ code: tiny, className: 'Tiny', quality: 'preview', aspectRatio: '16:9' });
      expect(result.ok ? 'rendered' : result.message).toBe('rendered');
      const health = (await (await fetch(`${url}/health`)).json()) as { ok: boolean; queue: { concurrency: number } };
      expect(health).toMatchObject({ ok: true, queue: { concurrency: 1 } });
      const forged = await fetch(`${url}/render`, { method: 'POST', headers: { authorization: `Bearer ${'x'.repeat(token.length)}` }, body: '{}' });
      expect(forged.status).toBe(401);
    } finally {
      await worker.close();
    }
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
