import { describe, expect, it } from 'vitest';
import type { SceneRow } from '../../shared/src/domain/scene.js';
import type { VideoRow } from '../../shared/src/domain/video.js';
import { bar, describeChanges, painter, renderFrame, stages, type WatchState } from './progress-view.js';

const video = (over: Partial<VideoRow> = {}): VideoRow => ({ $id: 'vid1', topic: 'How a binary search works', status: 'rendering', progress: 50, scene_count: 2, ...over }) as VideoRow;
const scene = (n: number, over: Partial<SceneRow> = {}): SceneRow => ({ $id: `vid1-${n}`, video_id: 'vid1', scene_number: n, title: `Scene ${n}`, status: 'planned', attempt: 1, ...over }) as SceneRow;

describe('progress view', () => {
  it('draws bars proportional to the fraction', () => {
    expect(bar(0, 10)).toBe('[..........]');
    expect(bar(0.5, 10)).toBe('[#####.....]');
    expect(bar(1.7, 4)).toBe('[####]');
  });

  it('counts coded and rendered scenes per stage', () => {
    const state: WatchState = { video: video(), scenes: [scene(1, { status: 'rendered' }), scene(2, { status: 'coding' })] };
    const byName = Object.fromEntries(stages(state).map((s) => [s.name, s]));
    expect(byName.plan?.state).toBe('done');
    expect(byName.code).toMatchObject({ done: 1, total: 2, state: 'active' });
    expect(byName.render).toMatchObject({ done: 1, total: 2 });
    expect(byName.combine?.state).toBe('waiting');
  });

  it('marks unfinished stages failed when the video failed', () => {
    const state: WatchState = { video: video({ status: 'failed' }), scenes: [scene(1, { status: 'rendered' }), scene(2, { status: 'failed' })] };
    expect(stages(state).find((s) => s.name === 'render')?.state).toBe('failed');
  });

  it('shows each scene with its state, retry attempt and first error line', () => {
    const state: WatchState = {
      video: video(),
      scenes: [scene(1, { status: 'rendered' }), scene(2, { status: 'coding', attempt: 2, error_message: "\nNameError: name 'Foo' is not defined\nmore" })],
    };
    const text = renderFrame(state, painter(false)).join('\n');
    expect(text).toContain('scene  1');
    expect(text).toMatch(/scene  2 .*coding .*attempt 2/);
    expect(text).toContain("NameError: name 'Foo' is not defined");
    expect(text).not.toContain('more');
  });

  it('logs only what changed between two states', () => {
    const before: WatchState = { video: video({ progress: 40 }), scenes: [scene(1, { status: 'coded' }), scene(2, { status: 'coded' })] };
    const after: WatchState = { video: video({ progress: 40 }), scenes: [scene(1, { status: 'rendering' }), scene(2, { status: 'coded' })] };
    expect(describeChanges(before, after)).toEqual(['  scene 1 rendering "Scene 1"']);
    expect(describeChanges(null, after)[0]).toBe('video rendering 40% (2 scenes)');
  });

  it('says how long is left while the video has an estimate, and nothing without one', () => {
    const now = new Date('2026-03-01T10:00:00.000Z');
    const eta = video({ eta_at: '2026-03-01T10:03:10.000Z' });
    expect(renderFrame({ video: eta, scenes: [] }, painter(false), 100, now)[1]).toContain('about 3 min left');
    expect(describeChanges(null, { video: eta, scenes: [] }, now)[0]).toBe('video rendering 50% (2 scenes), about 3 min left');
    expect(describeChanges(null, { video: video({ eta_at: '2026-03-01T10:00:30.000Z' }), scenes: [] }, now)[0]).toContain('under a minute left');
    expect(renderFrame({ video: video(), scenes: [] }, painter(false), 100, now).join('\n')).not.toContain('left');
    expect(describeChanges(null, { video: video({ status: 'completed', eta_at: '2026-03-01T10:03:10.000Z' }), scenes: [] }, now)[0]).not.toContain('left');
  });

  it('colours only when asked', () => {
    expect(renderFrame({ video: video(), scenes: [] }, painter(true)).join('')).toContain('\u001b[');
    expect(renderFrame({ video: video(), scenes: [] }, painter(false)).join('')).not.toContain('\u001b[');
  });
});
