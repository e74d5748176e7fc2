import { ID } from 'node-appwrite';
import { describe, expect, inject, it } from 'vitest';
import { SceneRecord } from '../appwrite/records.js';
import { createServices } from '../appwrite/services.js';
import { createStore } from '../appwrite/store.js';
import { moveScene, updateVideoWithRetry } from './claim.js';

// The claims the whole chain rests on, against the real local server: a guarded move wins
// once however many executions try it with the same row version.
const stack = inject('stack');
const services = createServices({ endpoint: stack.endpoint, projectId: stack.projectId, key: stack.apiKey });
const store = createStore(services, { endpoint: stack.endpoint, projectId: stack.projectId, databaseId: 'studio' });

async function freshScene(): Promise<SceneRecord> {
  const videoId = ID.unique();
  await services.tables.createRow({ databaseId: 'studio', tableId: 'videos', rowId: videoId, data: { topic: 'Claims', status: 'cancelled' } });
  await store.createScene(`${videoId}-1`, { video_id: videoId, scene_number: 1, status: 'planned' }, []);
  return (await store.getScene(`${videoId}-1`))!;
}

describe('claims', () => {
  it('lets exactly one of many concurrent claims of the same row version through', async () => {
    const scene = await freshScene();
    await new Promise((r) => setTimeout(r, 5));
    const results = await Promise.all(Array.from({ length: 6 }, () => moveScene(store, scene, 'coding', { attempt: 1 })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const stale = await moveScene(store, scene, 'coding');
    expect(stale).toBeNull();
  });

  it('refuses an outcome write from an execution whose row was re-run meanwhile', async () => {
    const scene = await freshScene();
    await new Promise((r) => setTimeout(r, 5));
    const claimed = (await moveScene(store, scene, 'coding'))!;
    await new Promise((r) => setTimeout(r, 5));
    await services.tables.updateRow({ databaseId: 'studio', tableId: 'scenes', rowId: scene.$id, data: { status: 'planned' } });
    expect(await moveScene(store, claimed, 'coded', { code_file_id: 'x' })).toBeNull();
    expect((await store.getScene(scene.$id))?.status).toBe('planned');
  });

  it('makes one lock per id and keeps concurrent totals', async () => {
    const lockId = `t${ID.unique()}`;
    const answers = await Promise.all([store.createLock(lockId, { video_id: 'v', purpose: 'final' }), store.createLock(lockId, { video_id: 'v', purpose: 'final' })]);
    expect(answers.sort()).toEqual(['created', 'exists']);
    const scene = await freshScene();
    await Promise.all(Array.from({ length: 5 }, () => updateVideoWithRetry(store, scene.video_id, (v) => ({ tokens_in: v.tokens_in + 10 }))));
    expect((await store.getVideo(scene.video_id))?.tokens_in).toBe(50);
  });
});
