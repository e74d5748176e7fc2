import { describe, expect, it } from 'vitest';
import { COMBINING, PLANNING_END, progressToWrite, scenesProgress, type ProgressScene } from './progress.js';
import type { SceneStatus } from './status.js';

const scenes = (...st: SceneStatus[]): ProgressScene[] => st.map((status, i) => ({ scene_number: i + 1, status }));

describe('scenesProgress', () => {
  it('rises monotonically through a normal three-scene run, between planning and the combine', () => {
    const run: SceneStatus[][] = [
      ['planned', 'planned', 'planned'],
      ['coding', 'planned', 'planned'],
      ['coded', 'coding', 'planned'],
      ['rendering', 'coded', 'coding'],
      ['rendered', 'rendering', 'coded'],
      ['rendered', 'rendered', 'rendering'],
      ['rendered', 'rendered', 'rendered'],
    ];
    const values = run.map((s) => scenesProgress(3, scenes(...s)).progress);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    expect(values[0]).toBe(PLANNING_END);
    expect(values.at(-1)!).toBeLessThan(COMBINING);
  });

  it('names the scene being worked on, lowest first, else the first not finished', () => {
    expect(scenesProgress(3, scenes('rendered', 'rendering', 'coding')).current_scene).toBe(2);
    expect(scenesProgress(3, scenes('rendered', 'planned', 'planned')).current_scene).toBe(2);
    expect(scenesProgress(1, scenes('rendered')).current_scene).toBeNull();
  });

  it('counts scenes not yet created as not started', () => {
    expect(scenesProgress(4, scenes('rendered', 'rendered')).progress).toBeLessThan(scenesProgress(2, scenes('rendered', 'rendered')).progress);
    expect(scenesProgress(0, [])).toEqual({ progress: PLANNING_END, current_scene: null });
  });
});

describe('progressToWrite', () => {
  it('does not let a scene sent back for a retry pull the bar back within a run', () => {
    const before = scenesProgress(2, scenes('rendering', 'rendered')).progress;
    const after = scenesProgress(2, scenes('planned', 'rendered')).progress;
    expect(after).toBeLessThan(before);
    expect(progressToWrite({ previous: before, computed: after, newRun: false })).toBe(before);
  });

  it('allows a lower value when a new run starts, and never writes 100', () => {
    expect(progressToWrite({ previous: 100, computed: 60, newRun: true })).toBe(60);
    expect(progressToWrite({ previous: 99, computed: 100, newRun: false })).toBe(99);
  });
});
