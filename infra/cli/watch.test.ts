import { AppwriteException } from 'node-appwrite';
import { describe, expect, it } from 'vitest';
import type { SceneRow } from '../../shared/src/domain/scene.js';
import type { VideoRow } from '../../shared/src/domain/video.js';
import type { CliConfig } from './config.js';
import { CliFailure } from './failures.js';
import type { Studio } from './studio.js';
import { watchVideo, type Output } from './watch.js';

const config: CliConfig = { endpoint: 'http://127.0.0.1:1/v1', projectId: 'local', apiKey: 'k', stateDir: '/nonexistent', databaseId: 'studio', color: false, account: null };

/** A studio whose rows move one step each time they are read, like a chain in progress. */
function scriptedStudio(steps: { video: Partial<VideoRow>; scenes: Partial<SceneRow>[] }[]): Studio {
  let reads = 0;
  const at = () => steps[Math.min(reads, steps.length - 1)]!;
  return {
    async getVideo(id: string) {
      reads++;
      return { $id: id, topic: 'Binary search', status: 'queued', progress: 0, ...at().video } as VideoRow;
    },
    async listScenes(videoId: string) {
      return at().scenes.map((s, i) => ({ $id: `${videoId}-${i + 1}`, video_id: videoId, scene_number: i + 1, status: 'planned', ...s }) as SceneRow);
    },
  } as unknown as Studio;
}

function capture(): Output & { text: () => string } {
  let text = '';
  return { write: (t) => void (text += t), isTTY: false, columns: 100, text: () => text };
}

describe('watch', () => {
  it('says plainly that it polls when there is no session for Realtime, and follows the video to the end', async () => {
    const studio = scriptedStudio([
      { video: { status: 'queued' }, scenes: [] },
      { video: { status: 'rendering', progress: 40, scene_count: 2 }, scenes: [{ status: 'rendered' }, { status: 'coding', attempt: 2, error_message: 'NameError: x' }] },
      { video: { status: 'completed', progress: 100, scene_count: 2 }, scenes: [{ status: 'rendered' }, { status: 'rendered' }] },
    ]);
    const out = capture();
    const video = await watchVideo(studio, config, 'vid1', out, { session: null, sessionProblem: 'anonymous sign-in refused (501)', pollMs: 5 });
    expect(video.status).toBe('completed');
    const text = out.text();
    expect(text).toContain('Realtime unavailable (anonymous sign-in refused (501)) — polling every');
    expect(text).toMatch(/scene 2 coding attempt 2 — NameError: x/);
    expect(text).toMatch(/video completed 100%/);
  });

  it('stops at once on a video that already ended', async () => {
    const out = capture();
    const video = await watchVideo(scriptedStudio([{ video: { status: 'failed', error_message: 'every scene failed' }, scenes: [] }]), config, 'v2', out, { session: null });
    expect(video.status).toBe('failed');
    expect(out.text()).not.toContain('polling');
  });

  it('turns an unknown id into a plain failure', async () => {
    const studio = { getVideo: async () => { throw new AppwriteException('Row not found', 404, 'row_not_found'); } } as unknown as Studio;
    await expect(watchVideo(studio, config, 'nope', capture(), { session: null })).rejects.toThrow(CliFailure);
  });
});
