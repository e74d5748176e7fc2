import { Account, Client, ID, Permission, Realtime, Role, Storage, TablesDB } from 'appwrite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio } from '../../../../infra/cli/studio.js';
import { readCliConfig } from '../../../../infra/cli/config.js';
import { LiveRows } from '../../../../dashboard/src/live-rows.js';
import type { Backend } from '../../../../dashboard/src/backend.js';
import { getVideo, listScenes, startHarness, waitFor, waitForFinished, waitForIdle, type Harness } from '../../pipeline/e2e/harness.js';
import { UNRECORDED_RESULT_MESSAGE } from '../result.js';

// Issue 16, tried as a hostile user would: the browser SDK (`appwrite`) with an anonymous
// session, writing what Appwrite lets any client write. Every limit must still hold, and
// nothing the user wrote may pass for the pipeline's work in the dashboard or the CLI.
const storage = new Map<string, string>();
const localStorage = {
  getItem: (k: string) => storage.get(k) ?? null,
  setItem: (k: string, v: string) => void storage.set(k, String(v)),
  removeItem: (k: string) => void storage.delete(k),
};
let h: Harness;
let hadWindow: boolean;
let client: Client;
let tables: TablesDB;
let userId: string;

beforeAll(async () => {
  hadWindow = 'window' in globalThis;
  (globalThis as Record<string, unknown>).window ??= { localStorage, console: { ...console, warn: () => {} } };
  h = await startHarness({ env: { QUOTA_VIDEOS_IN_PROGRESS: '2', QUOTA_VIDEOS_PER_HOUR: '4', QUOTA_RERUNS_PER_SCENE: '1' } });
  client = new Client().setEndpoint(h.stack.endpoint).setProject(h.stack.projectId);
  userId = (await new Account(client).createAnonymousSession()).userId;
  tables = new TablesDB(client);
});
afterAll(async () => {
  if (!hadWindow) delete (globalThis as Record<string, unknown>).window;
  await h?.close();
});

const db = 'studio';
const offline = { provider: 'offline', max_scenes: 1 } as const;
const settled = (id: string) => waitFor(`video ${id} to leave queued/planning`, async () => {
  const v = await getVideo(h, id);
  return v.status !== 'queued' && v.status !== 'planning' ? v : null;
}, 60_000, 100);

describe('limits a user cannot forge', () => {
  it('counts videos made public, with a written owner, and after deleting earlier ones against their creator', async () => {
    // With code-scene off, accepted videos stay in progress however fast renders are.
    await h.functions.update({ functionId: 'code-scene', name: 'code-scene', enabled: false });
    const made: string[] = [];
    try {
      // read("any") leaves no user:<id> permission to infer an owner from; `owner` names someone else.
      for (const topic of ['Public one', 'Public two', 'Public three']) {
        const row = await tables.createRow({ databaseId: db, tableId: 'videos', rowId: ID.unique(), data: { topic, ...offline, owner: 'somebody-else' }, permissions: [Permission.read(Role.any())] });
        made.push(row.$id);
        await settled(row.$id);
      }
      const [a, b, c] = await Promise.all(made.map((id) => getVideo(h, id)));
      expect([a!.status, b!.status]).toEqual(['rendering', 'rendering']);
      expect(c!.status).toBe('failed');
      expect(c!.error_message).toMatch(/already have 2 videos in progress \(the limit is 2\)/);
      for (const v of [a!, b!, c!]) {
        expect(v.owner).toBe(userId);
        // The pipeline set the permissions: read("any") dropped (public videos are off).
        expect(v.$permissions).toEqual([`read("user:${userId}")`, `update("user:${userId}")`, `delete("user:${userId}")`]);
      }
    } finally {
      await h.functions.update({ functionId: 'code-scene', name: 'code-scene', enabled: true });
    }
    // Deleting every earlier video gives nothing back: 3 of 4 this hour are already counted.
    for (const id of made) await tables.deleteRow({ databaseId: db, tableId: 'videos', rowId: id });
    const fourth = await tables.createRow({ databaseId: db, tableId: 'videos', rowId: ID.unique(), data: { topic: 'After deleting', ...offline } });
    expect((await settled(fourth.$id)).status).not.toBe('failed');
    await waitForFinished(h, fourth.$id);
    const fifth = await tables.createRow({ databaseId: db, tableId: 'videos', rowId: ID.unique(), data: { topic: 'One too many', ...offline } });
    const refused = await settled(fifth.$id);
    expect(refused.status).toBe('failed');
    expect(refused.error_message).toMatch(/created 4 videos in the last hour \(the limit is 4 per hour\)/);
    await waitForIdle(h);
  });

  it('does not present a forged completed status with a foreign URL as a result, in the CLI or the dashboard', async () => {
    const forged = await tables.createRow({
      databaseId: db, tableId: 'videos', rowId: ID.unique(),
      data: { topic: 'Forged result', status: 'completed', progress: 100, combined_video_url: 'https://elsewhere.example/stolen.mp4', cost_usd: 0 },
    });
    await waitForIdle(h);
    expect((await getVideo(h, forged.$id)).status).toBe('completed'); // the row says so…
    // …but the CLI, reading with the key, does not believe it.
    const studio = createStudio(readCliConfig({ endpoint: h.stack.endpoint, project: h.stack.projectId, key: h.stack.apiKey }, {}));
    const asCli = await studio.getVideo(forged.$id);
    expect(asCli).toMatchObject({ status: 'failed', error_message: UNRECORDED_RESULT_MESSAGE, combined_video_url: null, combined_video_id: null });
    // The dashboard's live rows, over the user's web SDK session.
    const live = new LiveRows(dashboardBackend());
    await live.watch(forged.$id);
    expect(live.videos.get(forged.$id)).toMatchObject({ status: 'failed', combined_video_url: null });
  });

  it("stops a user's re-runs of a scene at the budget with a message, and the key's creations still work", async () => {
    // Made with the API key, as a server-side integration would: no session, no permissions.
    const made = await h.tables.createRow({ databaseId: db, tableId: 'videos', rowId: ID.unique(), data: { topic: 'Key made video', ...offline } });
    const byKey = await waitForFinished(h, made.$id);
    expect(byKey.status, byKey.error_message ?? '').toBe('completed');
    const studio = createStudio(readCliConfig({ endpoint: h.stack.endpoint, project: h.stack.projectId, key: h.stack.apiKey }, {}));
    expect((await studio.getVideo(made.$id)).status).toBe('completed'); // a real result is presented

    // A new user: the first has used this hour's videos.
    const account = new Account(client);
    await account.deleteSession({ sessionId: 'current' });
    await account.createAnonymousSession();
    const mine = await tables.createRow({ databaseId: db, tableId: 'videos', rowId: ID.unique(), data: { topic: 'Rerun budget', ...offline } });
    expect((await waitForFinished(h, mine.$id)).status).toBe('completed');
    const [scene] = await listScenes(h, mine.$id);
    // One re-run is allowed (QUOTA_RERUNS_PER_SCENE=1); writing `attempt` back to 0 resets nothing.
    await tables.updateRow({ databaseId: db, tableId: 'scenes', rowId: scene!.$id, data: { status: 'planned', attempt: 0 } });
    await waitForIdle(h);
    expect((await listScenes(h, mine.$id))[0]!.status).toBe('rendered');
    await tables.updateRow({ databaseId: db, tableId: 'scenes', rowId: scene!.$id, data: { status: 'coded', attempt: 0 } });
    await waitForIdle(h);
    const after = (await listScenes(h, mine.$id))[0]!;
    expect(after.status).toBe('failed');
    expect(after.error_message).toMatch(/re-run 1 times \(the limit is 1 per scene\)/);
  });
});

/** The dashboard's services over the same session; Realtime is not needed to read rows. */
function dashboardBackend(): Backend {
  return {
    config: { endpoint: h.stack.endpoint, projectId: h.stack.projectId } as Backend['config'],
    client,
    account: new Account(client),
    tables,
    storage: new Storage(client),
    realtime: new Realtime(client),
  };
}
