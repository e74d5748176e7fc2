import { afterAll, describe, expect, it } from 'vitest';
import { TOPIC_MAX, DESCRIPTION_MAX } from '../../domain/video.js';
import { sceneLimits } from '../../domain/plan.js';
import { renderConfigFromEnv } from '../../render/config.js';
import { createLocalBackend } from '../../render/local-backend.js';
import { writeScene } from './manim-writer.js';
import { offlinePlan } from './storyboard.js';

// Our own scenes first (issue 10): every kind of offline scene, with the longest topic and
// description a user may give, renders with nothing for the layout check to report, at every
// aspect ratio. Four scenes per plan holds all four kinds (title, bullets, diagram, summary).
const backend = createLocalBackend(renderConfigFromEnv({}));
afterAll(() => backend.close());

const topic = 'How the heart pumps blood through two circulations while four valves keep it flowing one way, and why pressure, oxygen and the rhythm of the beat all have to line up for it to work'.padEnd(TOPIC_MAX, '!').slice(0, TOPIC_MAX);
const description = Array.from({ length: 40 }, (_, i) => `Point ${i + 1} explains a rather long clause about oxygenated blood, pressure waves and valves`).join('. ').slice(0, DESCRIPTION_MAX);
const plan = offlinePlan({ topic, description, limits: sceneLimits(4) });

describe('offline storyboards under the layout check', () => {
  it('plans every scene kind from the longest input', () => {
    expect(topic).toHaveLength(TOPIC_MAX);
    expect(description).toHaveLength(DESCRIPTION_MAX);
    expect(plan.scenes.map((s) => s.layout?.split(':')[0])).toEqual(['title-card', 'bullets', 'diagram', 'summary']);
  });

  for (const aspectRatio of ['16:9', '9:16', '1:1'] as const) {
    it(`renders every scene clean at ${aspectRatio}`, async () => {
      const found: string[] = [];
      for (const [i, scene] of plan.scenes.entries()) {
        const code = writeScene({ topic, scene, sceneNumber: i + 1, sceneCount: plan.scenes.length, className: 'Offline', quality: 'preview', aspectRatio, latexAvailable: true });
        const result = await backend.render({ code, className: 'Offline', quality: 'preview', aspectRatio });
        if (!result.ok) throw new Error(`scene ${i + 1} did not render: ${result.message}`);
        expect(result.layout.thumbnail, `scene ${i + 1} has a thumbnail`).not.toBeNull();
        found.push(...result.layout.findings.map((f) => `scene ${i + 1} (${scene.layout?.split(':')[0]}): ${f.kind} line ${f.line}: ${f.message}`));
      }
      expect(found).toEqual([]);
    }, 300_000);
  }
});
