import { ID, Query, type Models } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBucketIds, listVideoFiles } from '../../../shared/src/appwrite/video-files.js';
import { ownedFileName } from '../../../shared/src/domain/file-owner.js';
import { createVideo, executions, getVideo, outcomes, signIn, type ExecutionOutcome, startHarness, waitFor, waitForFinished, type Harness, type User } from '../../../shared/src/pipeline/e2e/harness.js';

// Issue 13, deletion and retention: a deleted video leaves no file in any bucket and every
// file of the other video; the schedule's retention pass sheds intermediates, then videos.
let h: Harness;
let user: User;
beforeAll(async () => {
  h = await startHarness();
  user = await signIn(h.stack);
});
afterAll(async () => h?.close());

type Owned = Record<string, string[]>;

async function filesOf(videoId: string): Promise<Owned> {
  const out: Owned = {};
  for (const bucket of await listBucketIds(h.storage)) out[bucket] = (await listVideoFiles(h.storage, bucket, videoId)).map((f) => f.$id).sort();
  return out;
}
const count = (owned: Owned) => Object.values(owned).reduce((n, ids) => n + ids.length, 0);

async function rowsOf(tableId: string, videoId: string): Promise<(Models.Row & Record<string, unknown>)[]> {
  return (await h.tables.listRows({ databaseId: 'studio', tableId, queries: [Query.equal('video_id', videoId), Query.limit(100)] })).rows as (Models.Row & Record<string, unknown>)[];
}

/** The outcome of the newest clean-storage execution with this trigger, once none is running. */
async function cleanFinished(after: number, trigger: 'event' | 'http'): Promise<ExecutionOutcome> {
  return waitFor('clean-storage to finish', async () => {
    const list = await executions(h, 'clean-storage');
    if (list.length <= after || list.some((e) => e.status === 'waiting' || e.status === 'processing')) return null;
    return outcomes(list.slice(after).filter((e) => e.trigger === trigger).slice(-1))[0] ?? null;
  }, 60_000);
}

async function retentionPass(daysAhead: number) {
  const before = (await executions(h, 'clean-storage')).length;
  await h.functions.createExecution({ functionId: 'clean-storage', body: JSON.stringify({ now: new Date(Date.now() + daysAhead * 86_400_000).toISOString() }), async: true });
  return cleanFinished(before, 'http');
}

describe('clean-storage', () => {
  let kept = '';
  let keptFiles: Owned = {};

  it('deleting a video row removes its scenes, locks and files in every bucket, and nothing of another video', async () => {
    const [a, b] = await Promise.all([
      createVideo(user, { topic: 'Binary search', description: 'Halve the range each step.', provider: 'offline', max_scenes: 2 }),
      createVideo(user, { topic: 'Bubble sort', description: 'Swap neighbours until sorted.', provider: 'offline', max_scenes: 2 }),
    ]);
    kept = b.$id;
    for (const v of [a, b]) {
      const done = await waitForFinished(h, v.$id);
      expect(done.status, done.error_message ?? '').toBe('completed');
    }
    const aFiles = await filesOf(a.$id);
    keptFiles = await filesOf(b.$id);
    // Each video owns code, clips and a final; nothing is shared between them.
    for (const owned of [aFiles, keptFiles]) for (const bucket of ['code', 'clips', 'finals']) expect(owned[bucket]?.length, bucket).toBeGreaterThan(0);
    expect(Object.values(aFiles).flat().filter((id) => Object.values(keptFiles).flat().includes(id))).toEqual([]);
    expect((await rowsOf('locks', a.$id)).length).toBeGreaterThan(0);

    const before = (await executions(h, 'clean-storage')).length;
    await user.tables.deleteRow({ databaseId: 'studio', tableId: 'videos', rowId: a.$id });
    const outcome = await cleanFinished(before, 'event');
    expect(outcome.event).toBe('video.purged');
    expect(outcome.fields?.files).toBe(count(aFiles));

    expect(count(await filesOf(a.$id))).toBe(0);
    expect(await rowsOf('scenes', a.$id)).toEqual([]);
    // Only the tombstone is left of its locks.
    expect((await rowsOf('locks', a.$id)).map((l) => l.purpose)).toEqual(['purge']);
    expect(await filesOf(b.$id)).toEqual(keptFiles);
    expect((await rowsOf('scenes', b.$id)).length).toBe(2);
  });

  it('the schedule purges a file that landed after the delete (a render in flight)', async () => {
    const [stone] = (await h.tables.listRows({ databaseId: 'studio', tableId: 'locks', queries: [Query.equal('purpose', 'purge')] })).rows;
    const deleted = String(stone?.video_id);
    await h.storage.createFile({ bucketId: 'clips', fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.from('late clip'), ownedFileName(deleted, 'Late.mp4')) });
    expect(count(await filesOf(deleted))).toBe(1);
    const outcome = await retentionPass(0);
    expect(outcome.event).toBe('retention.finished');
    expect(count(await filesOf(deleted))).toBe(0);
    expect(await filesOf(kept)).toEqual(keptFiles);
  });

  it('RETAIN_INTERMEDIATE_DAYS removes code, clips and logs of a finished video and keeps its final', async () => {
    const early = await retentionPass(6);
    expect(early.fields?.intermediatesDeleted).toBe(0);
    // The deleted video's tombstone is older than twice the longest lease by then.
    expect(early.fields?.tombstonesDropped).toBe(1);
    expect(await filesOf(kept)).toEqual(keptFiles);
    const outcome = await retentionPass(8);
    expect(outcome.fields?.intermediatesDeleted).toBe(1);
    const left = await filesOf(kept);
    expect(left.code).toEqual([]);
    expect(left.clips).toEqual([]);
    expect(left.logs).toEqual([]);
    expect(left.finals).toEqual(keptFiles.finals);
    expect((await getVideo(h, kept)).intermediates_deleted_at).toBeTruthy();
  });

  it('RETAIN_VIDEO_DAYS removes the whole video once set', async () => {
    expect((await retentionPass(400)).fields?.videosExpired).toBe(0);
    await h.functions.createVariable({ functionId: 'clean-storage', variableId: ID.unique(), key: 'RETAIN_VIDEO_DAYS', value: '30' });
    expect((await retentionPass(20)).fields?.videosExpired).toBe(0);
    expect((await retentionPass(31)).fields?.videosExpired).toBe(1);
    expect(count(await filesOf(kept))).toBe(0);
    expect(await rowsOf('scenes', kept)).toEqual([]);
    await expect(getVideo(h, kept)).rejects.toThrow(/not be found|not found/i);
  });
});
