import { describe, expect, it } from 'vitest';
import { planSchema, sceneLimits } from '../../domain/plan.js';
import { offlinePlan, sceneKind } from './storyboard.js';

const description =
  'Light is a wave and a particle. In the double-slit experiment, single photons build an interference pattern. Observing which slit a photon passes through destroys the pattern; this is complementarity. Electrons behave the same way.';

describe('offlinePlan', () => {
  it('turns the description into a title, bullet build-ups, a diagram and a summary', () => {
    const plan = offlinePlan({ topic: 'Wave–particle duality', description, limits: sceneLimits(6) });
    expect(planSchema(sceneLimits(6)).safeParse(plan).success).toBe(true);
    const kinds = plan.scenes.map((s, i) => sceneKind(s, i + 1, plan.scenes.length));
    expect(kinds[0]).toBe('title-card');
    expect(kinds.at(-1)).toBe('summary');
    expect(kinds).toContain('bullets');
    expect(kinds).toContain('diagram');
    const bulletText = plan.scenes.filter((s) => s.layout?.startsWith('bullets')).flatMap((s) => s.visuals).join(' ');
    expect(bulletText).toContain('single photons build an interference pattern');
    expect(bulletText).toContain('this is complementarity');
  });

  it('is deterministic', () => {
    const a = offlinePlan({ topic: 'T topic', description, limits: sceneLimits(5) });
    expect(offlinePlan({ topic: 'T topic', description, limits: sceneLimits(5) })).toEqual(a);
  });

  it('always fits the requested scene budget and the schema, with or without a description', () => {
    for (let max = 1; max <= 12; max++) {
      for (const d of ['', description, 'One sentence only']) {
        const limits = sceneLimits(max);
        const plan = offlinePlan({ topic: 'Some topic', description: d, limits });
        const parsed = planSchema(limits).safeParse(plan);
        expect(parsed.success, `max=${max} d=${d.slice(0, 10)}: ${parsed.error?.message}`).toBe(true);
      }
    }
  });

  it('makes at least three scenes by default even from a bare topic', () => {
    expect(offlinePlan({ topic: 'Photosynthesis', description: '', limits: sceneLimits() }).scenes.length).toBeGreaterThanOrEqual(3);
  });
});
