import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderConfigFromEnv } from '../../shared/src/render/config.js';
import { corpusFiles, evaluateFile, summarise, type FileOutcome } from './evaluate.js';

// The corpus without renders (its `# expect:` headers are the truth; `npm run eval:corpus`
// checks them against real renders): the ladder must send no working scene back and catch
// most failing ones before any render.
const dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const config = renderConfigFromEnv({});

describe('the generation ladder on the corpus (no renders)', async () => {
  const outcomes: FileOutcome[] = [];
  for (const file of await corpusFiles(dir)) outcomes.push(await evaluateFile(file, config, null));
  const summary = summarise(outcomes);

  it('has both kinds of scene', () => {
    expect(summary.working).toBeGreaterThanOrEqual(10);
    expect(summary.failing).toBeGreaterThanOrEqual(30);
  });

  it('sends no working scene back and changes none', () => {
    expect(summary.falsePositives).toEqual([]);
    expect(outcomes.filter((o) => !o.truth.fails && o.rewrites.length > 0).map((o) => o.file)).toEqual([]);
  });

  it('catches at least 60 % of the failing scenes before rendering', () => {
    expect(summary.caughtBeforeRender / summary.failing).toBeGreaterThanOrEqual(0.6);
  });

  it.each([
    ['bad-kw-rectangle-weight.py', 'api'],
    ['bad-name-histogram.py', 'api'],
    ['bad-method-set-label.py', 'api'],
    ['bad-point-polygon.py', 'api'],
    ['bad-camera-frame.py', 'api'],
    ['bad-colour-name.py', 'api'],
    ['bad-member-x-min.py', 'structure'],
    ['bad-truncated-no-play.py', 'structure'],
    ['bad-timeout-loop.py', 'estimate'],
  ])('%s is flagged by %s', (file, stage) => {
    expect(outcomes.find((o) => o.file === file)?.flagged).toContain(stage);
  });

  it.each(['bad-member-coordinate-labels.py', 'bad-npmath.py', 'bad-method-bottom-left.py', 'bad-kw-opacity.py', 'bad-latex-math-in-tex.py', 'bad-latex-unicode.py', 'bad-latex-ampersand.py'])('%s is fixed by a rewrite and then passes the gate', (file) => {
    const o = outcomes.find((x) => x.file === file)!;
    expect(o.rewrites.length).toBeGreaterThan(0);
    expect(o.flagged).toEqual([]);
  });
});
