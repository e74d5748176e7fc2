import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeScenePlan, encodeScenePlan, planSchema, sceneLimits } from './plan.js';

const scene = { title: 'Intro', goal: 'Say what we will learn', visuals: ['title card'], duration_seconds: 6, narration: 'Today we learn one thing.' };

describe('plan schema', () => {
  it('defaults to 2–6 scenes and clamps user maxima', () => {
    expect(sceneLimits()).toEqual({ min: 2, max: 6 });
    expect(sceneLimits(1)).toEqual({ min: 1, max: 1 });
    expect(sceneLimits(40)).toEqual({ min: 2, max: 12 });
  });

  it('refuses too many or too few scenes and out-of-range durations', () => {
    const s = planSchema(sceneLimits(3));
    expect(s.safeParse({ title: 'V', scenes: [scene, scene] }).success).toBe(true);
    expect(s.safeParse({ title: 'V', scenes: [scene, scene, scene, scene] }).success).toBe(false);
    expect(s.safeParse({ title: 'V', scenes: [scene] }).success).toBe(false);
    expect(s.safeParse({ title: 'V', scenes: [scene, { ...scene, duration_seconds: 31 }] }).success).toBe(false);
    expect(s.safeParse({ title: 'V', scenes: [scene, { ...scene, visuals: [] }] }).success).toBe(false);
  });

  it('asks every planner for narration and keeps it out of the scenes.plan column', () => {
    const s = planSchema(sceneLimits(3));
    const { narration: _said, ...silent } = scene;
    expect(s.safeParse({ title: 'V', scenes: [scene, silent] }).success).toBe(false);
    expect(s.safeParse({ title: 'V', scenes: [scene, { ...scene, narration: 'x'.repeat(2001) }] }).success).toBe(false);
    expect(JSON.parse(encodeScenePlan(scene))).not.toHaveProperty('narration');
  });

  it('converts to a JSON schema an LLM can follow', () => {
    const json = z.toJSONSchema(planSchema(sceneLimits(4))) as unknown as { properties: { scenes: { maxItems: number; items: { required: string[] } } } };
    expect(json.properties.scenes.maxItems).toBe(4);
    expect(json.properties.scenes.items.required).toEqual(expect.arrayContaining(['title', 'goal', 'visuals', 'duration_seconds', 'narration']));
  });

  it('round-trips a scene plan through the scenes.plan column', () => {
    const { narration: _said, ...stored } = scene;
    const text = encodeScenePlan({ ...stored, layout: 'centered' });
    expect(text.length).toBeLessThan(4000);
    expect(decodeScenePlan(text)).toEqual({ ...stored, layout: 'centered' });
  });
});
