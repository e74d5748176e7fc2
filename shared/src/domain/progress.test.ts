import { describe, expect, it } from 'vitest';
import { computeProgress, progressToWrite, type ProgressScene } from './progress.js';
import type { SceneStatus, VideoStatus } from './status.js';

const scenes = (...st: SceneStatus[]): ProgressScene[] => st.map((status, i) => ({ scene_number: i + 1, status }));

describe('computeProgress', () => {
  it('rises monotonically through a normal three-scene run and reaches 100 only when completed', () => {
    const run: [VideoStatus, SceneStatus[]][] = [
      ['queued', []],
      ['planning', []],
      ['rendering', ['planned', 'planned', 'planned']],
      ['rendering', ['coding', 'planned', 'planned']],
      ['rendering', ['coded', 'coding', 'planned']],
      ['rendering', ['rendering', 'coded', 'coding']],
      ['rendering', ['rendered', 'rendering', 'coded']],
      ['rendering', ['rendered', 'rendered', 'rendering']],
      ['rendering', ['rendered', 'rendered', 'rendered']],
      ['combining', ['rendered', 'rendered', 'rendered']],
      ['completed', ['rendered', 'rendered', 'rendered']],
    ];
    const values = run.map(([v, s]) => computeProgress({ status: v, scene_count: 3 }, scenes(...s)).progress);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(values.slice(0, -1).every((p) => p < 100)).toBe(true);
    expect(values.at(-1)).toBe(100);
    expect(values[1]!).toBeLessThanOrEqual(10);
  });

  it('names the scene being worked on, lowest first', () => {
    expect(computeProgress({ status: 'rendering', scene_count: 3 }, scenes('rendered', 'rendering', 'coding')).current_scene).toBe(2);
    expect(computeProgress({ status: 'rendering', scene_count: 3 }, scenes('rendered', 'planned', 'planned')).current_scene).toBe(2);
    expect(computeProgress({ status: 'completed', scene_count: 1 }, scenes('rendered')).current_scene).toBeNull();
  });

  it('counts scenes not yet created as not started', () => {
    const p = computeProgress({ status: 'rendering', scene_count: 4 }, scenes('rendered', 'rendered'));
    expect(p.progress).toBeLessThan(computeProgress({ status: 'rendering', scene_count: 2 }, scenes('rendered', 'rendered')).progress);
  });

  it('never shows 100 for a failed video', () => {
    expect(computeProgress({ status: 'failed', scene_count: 2 }, scenes('rendered', 'failed')).progress).toBeLessThan(100);
  });
});

describe('progressToWrite', () => {
  it('does not let a scene sent back for a retry pull the bar back within a run', () => {
    const before = computeProgress({ status: 'rendering', scene_count: 2 }, scenes('rendering', 'rendered')).progress;
    const after = computeProgress({ status: 'rendering', scene_count: 2 }, scenes('planned', 'rendered')).progress;
    expect(after).toBeLessThan(before);
    expect(progressToWrite({ previous: before, computed: after, status: 'rendering', newRun: false })).toBe(before);
  });

  it('allows a lower value when a new run starts, and 100 only for completed', () => {
    expect(progressToWrite({ previous: 100, computed: 60, status: 'rendering', newRun: true })).toBe(60);
    expect(progressToWrite({ previous: 99, computed: 100, status: 'combining', newRun: false })).toBe(99);
    expect(progressToWrite({ previous: 97, computed: 100, status: 'completed', newRun: false })).toBe(100);
  });
});
