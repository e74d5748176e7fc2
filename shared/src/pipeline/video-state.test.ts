import { describe, expect, it } from 'vitest';
import { SceneRecord, VideoRecord } from '../appwrite/records.js';
import { combineLockId, finalFileId } from '../domain/ids.js';
import { decideVideo } from './video-state.js';

const t = '2026-01-01T00:00:00.000+00:00';
const video = (over: Record<string, unknown> = {}) => VideoRecord.parse({ $id: 'v1', $createdAt: t, $updatedAt: t, $permissions: [], topic: 'x', status: 'rendering', progress: 10, scene_count: 3, ...over });
const scene = (n: number, status: string, over: Record<string, unknown> = {}) => SceneRecord.parse({
  $id: `v1-${n}`, $createdAt: t, $updatedAt: t, video_id: 'v1', scene_number: n, status,
  video_file_id: status === 'rendered' ? `v1-${n}-r1` : null, duration_seconds: status === 'rendered' ? 4 : null, ...over,
});

describe('decideVideo', () => {
  it('combines once every scene is rendered, with a lock named by the clip set', () => {
    const d = decideVideo(video(), [scene(1, 'rendered'), scene(2, 'rendered'), scene(3, 'rendered')]);
    expect(d.kind).toBe('combine');
    if (d.kind !== 'combine') return;
    expect(d.mode).toBe('final');
    expect(d.clips.map((c) => c.fileId)).toEqual(['v1-1-r1', 'v1-2-r1', 'v1-3-r1']);
    expect(d.lockId).toBe(combineLockId('v1', ['v1-1-r1', 'v1-2-r1', 'v1-3-r1']));
  });

  it('does nothing for a completed video whose final matches the clips, and recombines after a re-render', () => {
    const scenes = [scene(1, 'rendered'), scene(2, 'rendered'), scene(3, 'rendered')];
    const fileId = finalFileId('v1', ['v1-1-r1', 'v1-2-r1', 'v1-3-r1']);
    expect(decideVideo(video({ status: 'completed', combined_video_id: fileId, progress: 100 }), scenes).kind).toBe('none');
    const rerendered = [scenes[0]!, scene(2, 'rendered', { video_file_id: 'v1-2-r2' }), scenes[2]!];
    const d = decideVideo(video({ status: 'completed', combined_video_id: fileId, progress: 100 }), rerendered);
    expect(d.kind).toBe('combine');
    if (d.kind === 'combine') expect(d.fileId).not.toBe(fileId);
  });

  it('waits while scenes are missing or still working, and never lowers progress within a run', () => {
    expect(decideVideo(video(), [scene(1, 'rendered'), scene(2, 'rendered')]).kind).toBe('progress');
    const d = decideVideo(video({ progress: 60 }), [scene(1, 'planned'), scene(2, 'planned'), scene(3, 'planned')]);
    expect(d.kind === 'progress' ? d.patch.progress : undefined).toBeUndefined();
    const moving = decideVideo(video({ progress: 10 }), [scene(1, 'rendering'), scene(2, 'coded'), scene(3, 'planned')]);
    expect(moving.kind).toBe('progress');
    if (moving.kind === 'progress') {
      expect(moving.patch.progress).toBeGreaterThan(10);
      expect(moving.patch.current_scene).toBe(1);
    }
  });

  it('starts a new run when a scene of a finished video is re-run', () => {
    const d = decideVideo(video({ status: 'completed', progress: 100 }), [scene(1, 'rendered'), scene(2, 'planned'), scene(3, 'rendered')]);
    expect(d.kind).toBe('progress');
    if (d.kind !== 'progress') return;
    expect(d.patch).toMatchObject({ status: 'rendering', error_message: null, finished_at: null });
    expect(d.patch.progress).toBeLessThan(100);
  });

  it('makes a partial video naming the failed scene when the others rendered', () => {
    const d = decideVideo(video(), [scene(1, 'rendered'), scene(2, 'failed', { title: 'Forces', error_class: 'runtime', error_message: "NameError: name 'foo' is not defined" }), scene(3, 'rendered')]);
    expect(d.kind).toBe('combine');
    if (d.kind !== 'combine') return;
    expect(d.mode).toBe('partial');
    expect(d.clips).toHaveLength(2);
    expect(d.failed.map((s) => s.scene_number)).toEqual([2]);
    expect(d.lockId).not.toBe(combineLockId('v1', ['v1-1-r1', 'v1-3-r1']));
  });

  it('fails without a partial video when no scene rendered, and leaves cancelled videos alone', () => {
    const d = decideVideo(video({ scene_count: 2 }), [scene(1, 'failed', { error_message: 'boom' }), scene(2, 'failed')]);
    expect(d.kind).toBe('fail');
    if (d.kind === 'fail') expect(d.message).toContain('scene 1');
    expect(decideVideo(video({ status: 'cancelled' }), [scene(1, 'rendered')]).kind).toBe('none');
  });
});
