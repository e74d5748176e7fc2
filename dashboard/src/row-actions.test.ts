import { describe, expect, it } from 'vitest';
import { cancelVideo, rerunScene, retryVideo } from './row-actions.js';
import type { SceneRow, VideoRow } from './rows.js';

const stamp = '2026-01-01T00:00:00.000+00:00';
const video = (status: VideoRow['status']): VideoRow => ({ $id: 'v1', $createdAt: stamp, $updatedAt: stamp, topic: 'Topic', status });
const scene = (n: number, status: SceneRow['status'], extra: Partial<SceneRow> = {}): SceneRow => ({
  $id: `v1-${n}`,
  $createdAt: stamp,
  $updatedAt: stamp,
  video_id: 'v1',
  scene_number: n,
  status,
  ...extra,
});

describe('rerunScene', () => {
  it('asks for new code with planned and renders the same code again with coded', () => {
    const done = scene(1, 'rendered', { code_file_id: 'v1-1-1' });
    expect(rerunScene(done, video('completed'), 'new-code')).toEqual({ table: 'scenes', rowId: 'v1-1', data: { status: 'planned' } });
    expect(rerunScene(done, video('completed'), 'same-code')).toEqual({ table: 'scenes', rowId: 'v1-1', data: { status: 'coded' } });
  });

  it('refuses while the scene is being worked on, without code, or when the video is cancelled', () => {
    expect(rerunScene(scene(1, 'rendering', { code_file_id: 'c' }), video('rendering'), 'new-code')).toBeNull();
    expect(rerunScene(scene(1, 'coding'), video('rendering'), 'new-code')).toBeNull();
    expect(rerunScene(scene(1, 'failed'), video('failed'), 'same-code')).toBeNull();
    expect(rerunScene(scene(1, 'failed', { code_file_id: 'c' }), video('cancelled'), 'new-code')).toBeNull();
    expect(rerunScene(scene(1, 'planned'), video('rendering'), 'new-code')).toBeNull();
  });
});

describe('cancelVideo', () => {
  it('cancels a video that is still going, and nothing that has finished', () => {
    for (const status of ['queued', 'planning', 'rendering', 'combining'] as const) {
      expect(cancelVideo(video(status))).toEqual({ table: 'videos', rowId: 'v1', data: { status: 'cancelled' } });
    }
    for (const status of ['completed', 'failed', 'cancelled'] as const) expect(cancelVideo(video(status))).toBeNull();
  });
});

describe('retryVideo', () => {
  it('sends only the failed scenes back to planned', () => {
    const scenes = [scene(1, 'rendered'), scene(2, 'failed'), scene(3, 'failed')];
    expect(retryVideo(video('failed'), scenes)).toEqual([
      { table: 'scenes', rowId: 'v1-2', data: { status: 'planned' } },
      { table: 'scenes', rowId: 'v1-3', data: { status: 'planned' } },
    ]);
  });

  it('queues a video that failed before it had scenes, and restarts a cancelled one', () => {
    expect(retryVideo(video('failed'), [])).toEqual([{ table: 'videos', rowId: 'v1', data: { status: 'queued' } }]);
    expect(retryVideo(video('cancelled'), [scene(1, 'rendered')])).toEqual([{ table: 'videos', rowId: 'v1', data: { status: 'queued' } }]);
  });

  it('offers nothing for a video that is running or done', () => {
    expect(retryVideo(video('rendering'), [scene(1, 'failed')])).toEqual([]);
    expect(retryVideo(video('completed'), [scene(1, 'rendered')])).toEqual([]);
  });
});
