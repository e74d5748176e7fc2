import { describe, expect, it } from 'vitest';
import type { SceneStatus, VideoStatus } from './status.js';
import { cancelVideo, editNarration, rerunScene, retryVideo, type Action } from './user-actions.js';

const video = (status: VideoStatus) => ({ $id: 'v1', status });
const scene = (n: number, status: SceneStatus, extra: { code_file_id?: string | null; narration?: string | null } = {}) => ({ $id: `v1-${n}`, video_id: 'v1', scene_number: n, status, ...extra });
const update = (action: Action) => (action.ok ? action.update : null);
const reason = (action: Action) => (action.ok ? null : action.reason);

describe('rerunScene', () => {
  it('asks for new code with planned and renders the same code again with coded', () => {
    const done = scene(1, 'rendered', { code_file_id: 'v1-1-1' });
    expect(update(rerunScene(done, video('completed'), 'new-code'))).toEqual({ table: 'scenes', rowId: 'v1-1', data: { status: 'planned' } });
    expect(update(rerunScene(done, video('completed'), 'same-code'))).toEqual({ table: 'scenes', rowId: 'v1-1', data: { status: 'coded' } });
  });

  it('refuses while the scene is being worked on, without code, or when the video is cancelled', () => {
    expect(reason(rerunScene(scene(1, 'rendering', { code_file_id: 'c' }), video('rendering'), 'new-code'))).toBe('scene v1-1 is rendering; it can be re-run once it is rendered or failed');
    expect(reason(rerunScene(scene(1, 'coding'), video('rendering'), 'new-code'))).toMatch(/is coding/);
    expect(reason(rerunScene(scene(1, 'failed'), video('failed'), 'same-code'))).toBe('scene v1-1 has no code yet; re-run it with new code');
    expect(reason(rerunScene(scene(1, 'failed', { code_file_id: 'c' }), video('cancelled'), 'new-code'))).toBe('video v1 is cancelled; its scenes are not re-run');
    expect(reason(rerunScene(scene(1, 'planned'), video('rendering'), 'new-code'))).toMatch(/is planned/);
  });
});

describe('cancelVideo', () => {
  it('cancels a video that is still going, and nothing that has finished', () => {
    for (const status of ['queued', 'planning', 'rendering', 'combining'] as const) {
      expect(update(cancelVideo(video(status)))).toEqual({ table: 'videos', rowId: 'v1', data: { status: 'cancelled' } });
    }
    for (const status of ['completed', 'failed', 'cancelled'] as const) expect(reason(cancelVideo(video(status)))).toBe(`video v1 is ${status}; only a video still in the works can be cancelled`);
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

describe('rerunScene after retention', () => {
  it('is refused once the retention policy removed the video\'s clips', () => {
    const scene = { $id: 'v1-1', status: 'rendered' as const, code_file_id: 'c' };
    const action = rerunScene(scene, { $id: 'v1', status: 'completed', intermediates_deleted_at: '2026-12-01T00:00:00.000+00:00' }, 'new-code');
    expect(action).toEqual({ ok: false, reason: expect.stringMatching(/no longer has its scenes' clips \(removed by the retention policy on 2026-12-01\)/) });
    expect(rerunScene(scene, { $id: 'v1', status: 'completed' }, 'new-code').ok).toBe(true);
  });
});

describe('editNarration', () => {
  it('saves new words and sends the scene back to be spoken and written again', () => {
    expect(update(editNarration(scene(2, 'rendered', { narration: 'Old words.' }), video('completed'), '  New words.  '))).toEqual({ table: 'scenes', rowId: 'v1-2', data: { narration: 'New words.', status: 'planned' } });
    expect(update(editNarration(scene(2, 'failed', { narration: 'Old.' }), video('failed'), 'Better.'))).toMatchObject({ data: { status: 'planned' } });
  });

  it('refuses unchanged words, a busy scene, a cancelled video and text the column would not hold', () => {
    expect(reason(editNarration(scene(1, 'rendered', { narration: 'Same.' }), video('completed'), ' Same. '))).toMatch(/unchanged/);
    expect(reason(editNarration(scene(1, 'rendering', { narration: 'Old.' }), video('rendering'), 'New.'))).toMatch(/is rendering/);
    expect(reason(editNarration(scene(1, 'rendered', { narration: 'Old.' }), video('cancelled'), 'New.'))).toMatch(/cancelled/);
    expect(reason(editNarration(scene(1, 'rendered'), video('completed'), 'x'.repeat(2001)))).toMatch(/2000/);
  });
});
