import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attemptLogId } from '../../domain/ids.js';
import { harnessForSuite } from './suite-harness.js';
import { createVideo, download, listScenes, waitForFinished } from './harness.js';

// Issue 15, "Done when": the API check's findings reach the second prompt, and the second
// attempt renders, with no render paid for the first (real gate, real Manim, fake Gemini).
const suite = harnessForSuite('api-repair');

// What an LLM writes when it half-remembers the API: an invented keyword that carries
// meaning, another that does not exist, and a name from no Manim at all.
const hallucinated = `\`\`\`python
from manim import *

class Scene01(Scene):
    def construct(self):
        orbit = Circle(radius=2, color=BLUE)
        planet = Dot(orbit.point_at_angle(0), color=YELLOW)
        sun = Rectangle(width=0.6, height=0.6, weight=0.6, label="Sun")
        trail = TracedLine(planet, color=GREY)
        self.play(Create(orbit), FadeIn(sun), FadeIn(planet))
        self.play(MoveAlongPath(planet, orbit), run_time=2)
        self.wait(0.5)
\`\`\``;

describe('the API check in the repair ladder', () => {
  it('sends every finding with the real signature back to the LLM, renders nothing for the first attempt, and renders the second', async () => {
    suite.h.fake.script({ match: /^(?=[\s\S]*Topic: Orbits \[api\])(?=[\s\S]*scene 1 of)/, kind: 'code', times: 1, answer: { text: hallucinated } });
    const created = await createVideo(suite.user, { topic: 'Orbits [api]', description: 'A planet circles the sun.', provider: 'gemini', max_scenes: 2 });
    const video = await waitForFinished(suite.h, created.$id);
    expect(video.status, video.error_message ?? '').toBe('completed');
    const [first] = await listScenes(suite.h, created.$id);
    expect(first).toMatchObject({ status: 'rendered', attempt: 2 });

    const prompts = suite.h.fake.requests.filter((r) => r.kind === 'code' && r.sceneNumber === 1 && r.topic === 'Orbits [api]' && r.status === 200);
    expect(prompts).toHaveLength(2);
    const repair = prompts[1]!.prompt;
    expect(repair).toContain('PREVIOUS ATTEMPT FAILED');
    expect(repair).toContain('line 7: `Rectangle(...)` takes no keyword `weight`; did you mean `stroke_width=`?');
    expect(repair).toContain('line 7: `Rectangle(...)` takes no keyword `label`; there is no `label=`');
    expect(repair).toMatch(/line 8: `TracedLine` is not defined \(not in Manim 0\.22\.0 nor in this file\); did you mean `\w+`\?/);
    expect(repair).toMatch(/Rectangle\(color=#FFFFFF, height=2\.0, width=4\.0.*through \*\*kwargs also: fill_color/);

    // The first attempt's log is the gate's refusal: class api, and no Manim output at all.
    const logs = await suite.h.storage.listFiles({ bucketId: 'logs' });
    const firstLog = logs.files.find((f) => f.$id === attemptLogId(first!.$id, 1, 1));
    expect(firstLog).toBeDefined();
    const text = readFileSync(await download(suite.h, 'logs', firstLog!.$id, suite.dir, 'first.log'), 'utf8');
    expect(text).toMatch(/^api: line 7: `Rectangle\(\.\.\.\)` takes no keyword `weight`.*\(and 2 more\)/);
    expect(text).not.toMatch(/Manim Community|File ready at|Rendered/);
  });
});
