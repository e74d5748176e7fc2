// `npm run bench`: every benchmark of the project in one run, on this machine, with the
// machine written beside the figures. Benchmarks never gate CI; tests never assert timings.
// `npm run bench -- server runtime` runs only the named suites.
import { cpus, totalmem } from 'node:os';

type Figures = Record<string, number | string>;
type Suite = { name: string; run: () => Promise<Figures> };

const suites: Suite[] = [
  { name: 'server', run: async () => (await import('./server.js')).benchServer() },
  { name: 'runtime', run: async () => (await import('./runtime.js')).benchRuntime() },
  { name: 'render', run: async () => (await import('../../shared/src/render/render-bench.js')).benchRender() },
  { name: 'layout', run: async () => (await import('../../shared/src/render/layout-bench.js')).benchLayout() },
  { name: 'narration', run: async () => (await import('../../shared/src/tts/tts-bench.js')).benchNarration() },
  { name: 'pipeline', run: async () => (await import('./pipeline.js')).benchPipeline() },
  { name: 'load', run: async () => (await import('./pipeline.js')).benchLoad() },
  { name: 'eta', run: async () => (await import('./eta.js')).benchEta() },
];

const wanted = process.argv.slice(2);
const cpu = cpus()[0]?.model ?? 'unknown cpu';
console.log(`machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${new Date().toISOString()}`);

let failed = 0;
for (const suite of suites) {
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
  console.log(`\n## ${suite.name}`);
  try {
    const figures = await suite.run();
    for (const [key, value] of Object.entries(figures)) {
      console.log(`  ${key.padEnd(44)} ${typeof value === 'number' ? round(value) : value}`);
    }
  } catch (err) {
    failed += 1;
    console.log(`  failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exit(failed > 0 ? 1 : 0);

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3);
}
