import { describe, expect, it } from 'vitest';
import { combineSeconds, ETA_PRIOR, etaAt, etaLabel, etaModel, remainingSeconds, type EtaModel } from './eta.js';

const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s)).toISOString();
/** A completed video: `plan` seconds of planning, then `scenes` seconds until it finished. */
const finished = (quality: string, sceneCount: number, plan: number, scenes: number) =>
  ({ quality, scene_count: sceneCount, started_at: at(0), planned_at: at(plan), finished_at: at(plan + scenes) });

describe('etaModel', () => {
  it('falls back on the prior with no history', () => {
    expect(etaModel([], 2)).toEqual({ planSeconds: ETA_PRIOR.planSeconds, sceneSeconds: ETA_PRIOR.sceneSeconds, slots: 2, samples: 0 });
  });

  it('measures a scene per quality, undoing the parallelism and the combine, as a median', () => {
    const model = etaModel([
      // 4 scenes over 2 slots: 2 rounds of scenes, plus combine(4) = 4 s.
      finished('standard', 4, 8, 2 * 30 + combineSeconds(4)),
      finished('standard', 2, 12, 40 + combineSeconds(2)),
      finished('standard', 2, 10, 500 + combineSeconds(2)),
      finished('high', 2, 6, 90 + combineSeconds(2)),
    ], 2);
    expect(model.sceneSeconds).toEqual({ preview: ETA_PRIOR.sceneSeconds.preview, standard: 40, high: 90 });
    expect(model.planSeconds).toBe(9);
    expect(model.samples).toBe(4);
  });

  it('skips rows without timings', () => {
    expect(etaModel([{ quality: 'preview', scene_count: 3 }], 1).samples).toBe(0);
  });
});

describe('remainingSeconds', () => {
  const model: EtaModel = { planSeconds: 10, sceneSeconds: { preview: 20, standard: 40, high: 100 }, slots: 2, samples: 3 };

  it('spreads the scenes over the slots, never below one scene, and adds planning and the combine', () => {
    const planned = (n: number) => Array.from({ length: n }, () => ({ status: 'planned' as const }));
    expect(remainingSeconds(model, { quality: 'standard', sceneCount: 4, scenes: planned(4), planning: false })).toBe(80 + combineSeconds(4));
    expect(remainingSeconds(model, { quality: 'standard', sceneCount: 1, scenes: planned(1), planning: false })).toBe(40 + combineSeconds(1));
    expect(remainingSeconds(model, { quality: 'standard', sceneCount: 4, scenes: [], planning: true })).toBe(10 + 80 + combineSeconds(4));
    expect(remainingSeconds({ ...model, slots: 4 }, { quality: 'high', sceneCount: 4, scenes: planned(4), planning: false })).toBe(100 + combineSeconds(4));
  });

  it('shrinks as scenes finish', () => {
    const left = (statuses: ('planned' | 'coded' | 'rendering' | 'rendered' | 'failed')[]) =>
      remainingSeconds(model, { quality: 'preview', sceneCount: 3, scenes: statuses.map((status) => ({ status })), planning: false });
    const steps = [left(['planned', 'planned', 'planned']), left(['rendered', 'rendering', 'planned']), left(['rendered', 'rendered', 'coded']), left(['rendered', 'failed', 'rendered'])];
    expect(steps).toEqual([...steps].sort((a, b) => b - a));
    expect(steps[3]).toBe(combineSeconds(3));
  });
});

describe('etaAt and etaLabel', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');
  it('writes whole seconds from now', () => {
    expect(etaAt(now, 89.6)).toBe('2026-03-01T10:01:30.000Z');
  });

  it('says about N min left, under a minute, or nothing for a video not under way', () => {
    expect(etaLabel({ status: 'rendering', eta_at: '2026-03-01T10:04:40.000Z' }, now)).toBe('about 5 min left');
    expect(etaLabel({ status: 'planning', eta_at: '2026-03-01T10:00:40.000Z' }, now)).toBe('under a minute left');
    expect(etaLabel({ status: 'combining', eta_at: '2026-03-01T09:59:00.000Z' }, now)).toBe('under a minute left');
    expect(etaLabel({ status: 'rendering', eta_at: null }, now)).toBeNull();
    expect(etaLabel({ status: 'completed', eta_at: '2026-03-01T10:04:40.000Z' }, now)).toBeNull();
    expect(etaLabel({ status: 'cancelled', eta_at: '2026-03-01T10:04:40.000Z' }, now)).toBeNull();
  });
});
