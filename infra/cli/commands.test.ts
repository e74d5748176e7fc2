import { describe, expect, it } from 'vitest';
import type { SceneRow } from '../../shared/src/domain/scene.js';
import type { VideoRow } from '../../shared/src/domain/video.js';
import { cancelCommand, deleteCommand, rerunCommand, type Context } from './commands.js';
import type { CliConfig } from './config.js';
import { CliFailure, ExitCode } from './failures.js';
import type { Studio } from './studio.js';

const config: CliConfig = { endpoint: 'http://127.0.0.1:1/v1', projectId: 'local', apiKey: 'k', stateDir: '/nonexistent', databaseId: 'studio', color: false, account: null };

/** Rows in memory; records every write the command makes. */
function context(video: Partial<VideoRow>, scene: Partial<SceneRow> = {}) {
  const writes: { table: string; id: string; data: Record<string, unknown> }[] = [];
  const v = { $id: 'v1', topic: 'T', status: 'completed', ...video } as VideoRow;
  const s = { $id: 'v1-1', video_id: 'v1', scene_number: 1, status: 'rendered', code_file_id: 'v1-1-c1', ...scene } as SceneRow;
  const studio = {
    getVideo: async () => v,
    getScene: async () => s,
    updateScene: async (id: string, data: Record<string, unknown>) => (writes.push({ table: 'scenes', id, data }), { ...s, ...data }),
    updateVideo: async (id: string, data: Record<string, unknown>) => (writes.push({ table: 'videos', id, data }), { ...v, ...data }),
  } as unknown as Studio;
  let out = '';
  const ctx: Context = { config, studio, out: { write: (t) => void (out += t), isTTY: false, columns: 80 }, err: () => undefined };
  return { ctx, writes, out: () => out };
}

describe('rerun', () => {
  it('asks for new code with one status write, keeping the last error for the next attempt', async () => {
    const { ctx, writes, out } = context({}, { status: 'failed', error_message: 'NameError' });
    expect(await rerunCommand(ctx, 'v1-1', { sameCode: false })).toBe(ExitCode.ok);
    expect(writes).toEqual([{ table: 'scenes', id: 'v1-1', data: { status: 'planned' } }]);
    expect(out()).toBe('v1-1 planned\n');
  });

  it('renders the same code again with --same-code', async () => {
    const { ctx, writes } = context({});
    await rerunCommand(ctx, 'v1-1', { sameCode: true });
    expect(writes[0]?.data).toEqual({ status: 'coded' });
  });

  it('refuses while the scene is being worked on, without code for --same-code, or on a cancelled video', async () => {
    for (const [video, scene, sameCode, message] of [
      [{}, { status: 'rendering' }, false, /is rendering; it can be re-run once/],
      [{}, { status: 'failed', code_file_id: null }, true, /has no code yet/],
      [{ status: 'cancelled' }, { status: 'failed' }, false, /is cancelled/],
    ] as const) {
      const { ctx, writes } = context(video as Partial<VideoRow>, scene as Partial<SceneRow>);
      await expect(rerunCommand(ctx, 'v1-1', { sameCode })).rejects.toThrow(message);
      expect(writes).toEqual([]);
    }
  });
});

describe('cancel', () => {
  it('cancels a video still in the works', async () => {
    const { ctx, writes } = context({ status: 'rendering' });
    expect(await cancelCommand(ctx, 'v1')).toBe(ExitCode.ok);
    expect(writes).toEqual([{ table: 'videos', id: 'v1', data: { status: 'cancelled' } }]);
  });

  it('leaves a finished video alone', async () => {
    const { ctx, writes } = context({ status: 'completed' });
    const attempt = cancelCommand(ctx, 'v1');
    await expect(attempt).rejects.toBeInstanceOf(CliFailure);
    await expect(attempt).rejects.toThrow(/only a video still in the works/);
    expect(writes).toEqual([]);
  });
});

describe('delete', () => {
  it('deletes the row and nothing else (clean-storage removes the rest)', async () => {
    const deleted: string[] = [];
    const { ctx, writes, out } = context({});
    (ctx.studio as unknown as { deleteVideo: (id: string) => Promise<void> }).deleteVideo = async (id) => void deleted.push(id);
    expect(await deleteCommand(ctx, 'v1')).toBe(ExitCode.ok);
    expect(deleted).toEqual(['v1']);
    expect(writes).toEqual([]);
    expect(out()).toBe('v1 deleted\n');
  });
});

describe('rerun after retention', () => {
  it('is refused once the clips of the video were removed', async () => {
    const { ctx, writes } = context({ intermediates_deleted_at: '2026-12-01T00:00:00.000+00:00' }, { status: 'failed' });
    await expect(rerunCommand(ctx, 'v1-1', { sameCode: false })).rejects.toThrow(/no longer has its scenes' clips/);
    expect(writes).toEqual([]);
  });
});
