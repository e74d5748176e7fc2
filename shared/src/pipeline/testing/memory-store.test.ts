import { describe, expect, it } from 'vitest';
import { conflict } from '../../appwrite/store.js';
import { createMemoryStore } from './memory-store.js';
import { ownedFileName } from '../../domain/file-owner.js';

describe('memory store', () => {
  it('answers conflict to a guarded write of a row written since it was read, as X-Appwrite-Timestamp does', async () => {
    const store = createMemoryStore({ clock: () => new Date('2026-03-01T10:00:00.000Z') });
    const read = store.seedVideo({ $id: 'v1', topic: 'Guards', status: 'queued' });
    const first = await store.updateVideo('v1', { status: 'planning' }, { ifUpdatedAt: read.$updatedAt });
    expect(first).not.toBe(conflict);
    // Same clock reading, yet the second write sees the first: `$updatedAt` only moves forward.
    expect(await store.updateVideo('v1', { status: 'failed' }, { ifUpdatedAt: read.$updatedAt })).toBe(conflict);
    expect(store.video('v1').status).toBe('planning');
  });

  it('refuses columns appwrite.json does not have and strings longer than their column', async () => {
    const store = createMemoryStore();
    store.seedScene({ $id: 's1', video_id: 'v1', scene_number: 1, status: 'planned' });
    await expect(store.updateScene('s1', { no_such_column: 1 } as never)).rejects.toThrow(/no column "no_such_column"/);
    await expect(store.updateScene('s1', { error_class: 'x'.repeat(65) })).rejects.toThrow(/holds 64/);
    expect(await store.createScene('s1', { video_id: 'v1', scene_number: 1, status: 'planned' }, [])).toBe('exists');
  });

  it('keeps files with their read permissions and throws on a missing one', async () => {
    const store = createMemoryStore();
    expect(await store.putFile('code', 'c1', new TextEncoder().encode('print(1)'), ownedFileName('v1', 'c1.py'), ['read("user:u1")'])).toBe('created');
    expect(await store.putFile('code', 'c1', new Uint8Array(), ownedFileName('v1', 'c1.py'), [])).toBe('exists');
    expect((await store.readFile('code', 'c1')).toString('utf8')).toBe('print(1)');
    expect(await store.fileReaders('code', 'c1')).toEqual(['read("user:u1")']);
    expect(await store.fileReaders('code', 'nope')).toBeNull();
    await expect(store.readFile('code', 'nope')).rejects.toThrow(/not found/);
  });
});
