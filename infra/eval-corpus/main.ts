// `npm run eval:corpus [DIR] [--no-render]`: the generation ladder on a folder of scenes
// (default: this folder's corpus/), printing the table of infra/eval-corpus/evaluate.ts.
// Renders are real (sandboxed, preview quality) and one at a time; figures depend on the machine.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigFromEnv } from '../../shared/src/render/config.js';
import { createLocalBackend } from '../../shared/src/render/local-backend.js';
import { corpusFiles, evaluateFile, formatReport, summarise, type FileOutcome } from './evaluate.js';

const args = process.argv.slice(2);
const noRender = args.includes('--no-render');
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), 'corpus'));

const config = renderConfigFromEnv();
// The ground truth renders each file as written, gate off: the sandbox is the wall, as always.
const truth = noRender ? null : createLocalBackend(config, { skipGate: true });
const ladder = noRender ? null : createLocalBackend(config);
const started = performance.now();
const outcomes: FileOutcome[] = [];
try {
  for (const file of await corpusFiles(dir)) {
    outcomes.push(await evaluateFile(file, config, truth && ladder ? { truth, ladder } : null));
    process.stderr.write('.');
  }
} finally {
  await truth?.close();
  await ladder?.close();
}
process.stderr.write('\n');
console.log(formatReport(outcomes, summarise(outcomes)));
console.log(`\n${outcomes.length} files in ${((performance.now() - started) / 1000).toFixed(0)} s${noRender ? ' (no renders)' : ''}`);
