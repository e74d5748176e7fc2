import { describe, expect, it } from 'vitest';
import type { Cleanup } from '../../../shared/src/housekeeping/cleanup.js';
import { seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { createMemoryStore } from '../../../shared/src/pipeline/testing/memory-store.js';
import { cleanStorage } from './handler.js';

/** A Cleanup over an in-memory picture of two videos' rows and files; records every removal. */
function memoryCleanup(files: Record<string, string[]>) {
  const removed: string[] = [];
  const stones: { rowId: string; videoId: string; createdAt: string }[] = [];
  const cleanup: Cleanup = {
    bucketIds: async () => Object.keys(files),
    videoFiles: async (bucket, videoId) => (files[bucket] ?? []).filter((id) => id.startsWith(`${videoId}-`)),
    deleteFile: async (bucket, id) => {
      files[bucket] = (files[bucket] ?? []).filter((f) => f !== id);
      removed.push(`${bucket}/${id}`);
    },
    rowsOfVideo: async (table, videoId) => (table === 'scenes' ? [`${videoId}-1`] : []),
    deleteRow: async (table, id) => (removed.push(`${table}/${id}`), true),
    videoExists: async () => false,
    writeTombstone: async (videoId) => void stones.push({ rowId: `p-${videoId}`, videoId, createdAt: '2026-01-01T00:00:00.000Z' }),
    tombstones: async () => stones,
    finishedBefore: async () => [],
    markIntermediatesDeleted: async () => undefined,
  };
  return { cleanup, removed, stones };
}

const deleteEvent = (id: string) => ({ trigger: 'event' as const, eventName: `databases.studio.tables.videos.rows.${id}.delete`, body: { $id: id } });

describe('clean-storage', () => {
  it('purges a deleted video\'s rows and files, and nothing of another', async () => {
    const { cleanup, removed, stones } = memoryCleanup({ clips: ['gone-c1', 'kept-c1'], finals: ['gone-f'] });
    const outcome = await cleanStorage()(testInvocation({ ...deleteEvent('gone'), cleanup }));
    expect(outcome).toMatchObject({ kind: 'done', event: 'video.purged', fields: { files: 2, scenes: 1 } });
    expect(removed.sort()).toEqual(['clips/gone-c1', 'finals/gone-f', 'scenes/gone-1']);
    expect(stones.map((s) => s.videoId)).toEqual(['gone']);
  });

  it('ignores a delete event for a video that still exists (replayed or forged)', async () => {
    const store = createMemoryStore();
    seedVideo(store);
    const { cleanup, removed } = memoryCleanup({ clips: [`${VIDEO_ID}-c1`] });
    const outcome = await cleanStorage()(testInvocation({ ...deleteEvent(VIDEO_ID), store, cleanup }));
    expect(outcome).toEqual({ kind: 'ignored', reason: 'the video still exists' });
    expect(removed).toEqual([]);
  });

  it('refuses a retention setting that is not a number of days, and changes nothing', async () => {
    const { cleanup, removed } = memoryCleanup({});
    const outcome = await cleanStorage()(testInvocation({ trigger: 'schedule', env: { RETAIN_INTERMEDIATE_DAYS: 'soon' }, cleanup }));
    expect(outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/must be a number of days or "off"/) });
    expect(removed).toEqual([]);
  });
});
