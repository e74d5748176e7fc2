// Render figures for `npm run bench`: a ~5 s preview scene sandboxed and not, the gate, and
// the same scene from a cold and from a warm render process at preview, standard and high.
// Ratios from one run on this machine; never a test, never a gate on CI.
import { renderConfigFromEnv } from './config.js';
import type { Quality } from '../domain/options.js';
import type { RenderJob } from './contract.js';
import { gateCode } from './gate.js';
import { createLocalBackend } from './local-backend.js';

const FIVE_SECONDS = `from manim import *

class Bench(Scene):
    def construct(self):
        circle = Circle(color=BLUE)
        self.play(Create(circle), run_time=1)
        self.play(Transform(circle, Square(color=GREEN)), run_time=1)
        title = Text("Five seconds").to_edge(UP)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(MathTex(r"e^{i\\pi} + 1 = 0").next_to(title, DOWN)), run_time=1)
        self.wait(1)
`;

export async function benchRender(runs = 3): Promise<Record<string, number | string>> {
  const config = renderConfigFromEnv();
  const sandboxed = createLocalBackend(config);
  // The same manim command with every layer off: only for measuring, on a trusted scene.
  const bare = createLocalBackend({ ...config, allowUnsandboxed: true }, { skipGate: true, probe: { layers: ['timeout'], missing: ['bench: layers off'], dropPrivileges: false, interpreter: null } });
  const job: RenderJob = { code: FIVE_SECONDS, className: 'Bench', quality: 'preview', aspectRatio: '16:9' };

  const gateTimes: number[] = [];
  const sandboxTimes: number[] = [];
  const bareTimes: number[] = [];
  let clipSeconds = 0;
  for (let i = 0; i < runs; i += 1) {
    let t = performance.now();
    await gateCode(job.code, job.className, config);
    gateTimes.push((performance.now() - t) / 1000);
    t = performance.now();
    const a = await sandboxed.render(job);
    if (!a.ok) throw new Error(`sandboxed render failed: ${a.message}`);
    sandboxTimes.push((performance.now() - t) / 1000);
    clipSeconds = a.durationSeconds;
    t = performance.now();
    const b = await bare.render(job);
    if (!b.ok) throw new Error(`unsandboxed render failed: ${b.message}`);
    bareTimes.push((performance.now() - t) / 1000);
  }
  const warmth: Record<string, number> = {};
  for (const quality of ['preview', 'standard', 'high'] as const) {
    const { cold, warm } = await coldAndWarm(config, { ...job, quality }, runs);
    warmth[`render: ${quality}, cold process (s, median)`] = cold;
    warmth[`render: ${quality}, warm process (s, median)`] = warm;
    warmth[`render: ${quality}, warm / cold`] = warm / cold;
  }
  const sandboxedMedian = median(sandboxTimes);
  const bareMedian = median(bareTimes);
  return {
    'render: sandbox layers': sandboxed.sandbox.layers.join(', '),
    'render: clip length (s)': clipSeconds,
    'render: 5 s preview scene, sandboxed (s, median)': sandboxedMedian,
    'render: same, no sandbox, no gate (s, median)': bareMedian,
    'render: AST gate (s, median)': median(gateTimes),
    'render: sandbox + gate overhead (s)': sandboxedMedian - bareMedian,
    'render: sandboxed / bare': sandboxedMedian / bareMedian,
    ...warmth,
    'render: runs': runs,
  };
}

/**
 * The same sandboxed render from a process started with the job (cold) and from one prepared
 * ahead (warm: Manim imported, waiting), measured from the render call to its result. Each
 * warm run starts once its spare is ready, as it is in a worker that is not saturated.
 */
async function coldAndWarm(config: ReturnType<typeof renderConfigFromEnv>, job: RenderJob & { quality: Quality }, runs: number): Promise<{ cold: number; warm: number }> {
  const cold = createLocalBackend({ ...config, warm: 0 });
  const warm = createLocalBackend({ ...config, warm: 1 });
  const times = { cold: [] as number[], warm: [] as number[] };
  try {
    for (let i = 0; i < runs; i += 1) {
      for (const [name, backend] of [['cold', cold], ['warm', warm]] as const) {
        // Neither run shares the cores with a spare still importing Manim.
        await warm.pool.ready();
        const t = performance.now();
        const result = await backend.render(job);
        if (!result.ok) throw new Error(`${name} ${job.quality} render failed: ${result.message}`);
        times[name].push((performance.now() - t) / 1000);
      }
    }
  } finally {
    await warm.close();
  }
  return { cold: median(times.cold), warm: median(times.warm) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
