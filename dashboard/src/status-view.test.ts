import { describe, expect, it } from 'vitest';
import { SceneStatus, VideoStatus } from '../../shared/src/domain/status.js';
import { sceneStatusView, videoStage, videoStatusView } from './status-view.js';
import { parseRoute } from './route.js';

describe('status views', () => {
  it('give every status distinct words, so colour is never the only signal', () => {
    const videoLabels = VideoStatus.options.map((s) => videoStatusView[s].label);
    const sceneLabels = SceneStatus.options.map((s) => sceneStatusView[s].label);
    expect(new Set(videoLabels).size).toBe(VideoStatus.options.length);
    expect(new Set(sceneLabels).size).toBe(SceneStatus.options.length);
    expect(videoStatusView.failed.tone).toBe('bad');
    expect(sceneStatusView.rendered.tone).toBe('done');
  });

  it('names the scene being worked on while rendering', () => {
    expect(videoStage({ status: 'rendering', current_scene: 2, scene_count: 3 })).toBe('Working on scene 2 of 3');
    expect(videoStage({ status: 'rendering', current_scene: null, scene_count: 3 })).toBe('Writing and rendering scenes');
    expect(videoStage({ status: 'queued' })).toBe('Waiting to start');
  });
});

describe('parseRoute', () => {
  it('reads a video id from the hash and sends anything else to the list', () => {
    expect(parseRoute('#/videos/abc123')).toEqual({ name: 'video', videoId: 'abc123' });
    expect(parseRoute('#/videos/a%20b/')).toEqual({ name: 'video', videoId: 'a b' });
    expect(parseRoute('#/')).toEqual({ name: 'list' });
    expect(parseRoute('')).toEqual({ name: 'list' });
    expect(parseRoute('#/videos/%E0%A4%A')).toEqual({ name: 'list' });
  });
});
