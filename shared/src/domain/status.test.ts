import { describe, expect, it } from 'vitest';
import { assertSceneTransition, assertVideoTransition, canMoveScene, canMoveVideo, sceneFinished, sceneWaiting, SceneStatus, TransitionError, VideoStatus } from './status.js';

describe('status transitions', () => {
  it('allows the normal run of a video and of a scene', () => {
    const video: VideoStatus[] = ['queued', 'planning', 'rendering', 'combining', 'completed'];
    for (let i = 1; i < video.length; i++) expect(canMoveVideo(video[i - 1]!, video[i]!)).toBe(true);
    const scene: SceneStatus[] = ['planned', 'coding', 'coded', 'rendering', 'rendered'];
    for (let i = 1; i < scene.length; i++) expect(canMoveScene(scene[i - 1]!, scene[i]!)).toBe(true);
  });

  it('refuses skipping ahead and leaving a cancelled video except to re-queue', () => {
    expect(canMoveVideo('queued', 'completed')).toBe(false);
    expect(canMoveScene('planned', 'rendered')).toBe(false);
    expect(() => assertVideoTransition('cancelled', 'rendering')).toThrow(TransitionError);
    expect(() => assertSceneTransition('rendered', 'rendering')).toThrow('scene cannot move from "rendered" to "rendering"');
  });

  it('lets a user re-run a finished scene through the re-run entries only', () => {
    for (const from of sceneFinished) for (const to of sceneWaiting) expect(canMoveScene(from, to)).toBe(true);
    expect(canMoveScene('rendered', 'coding')).toBe(false);
  });
});
