import { describe, expect, it } from 'vitest';
import { attemptLogId, clipFileId, codeFileId, combineLockId, ledgerEntryId, tombstoneId, webhookDeliveryId, finalFileId, fitId, isValidId, sceneId } from './ids.js';

describe('ids', () => {
  it('uses the readable form for ordinary 20-character video ids', () => {
    const v = '6744a1b2c3d4e5f60718';
    expect(sceneId(v, 3)).toBe(`${v}-3`);
    expect(codeFileId(sceneId(v, 3), 0, 2)).toBe(`${v}-3-c0.2`);
    expect(attemptLogId(sceneId(v, 3), 1, 2)).toBe(`${v}-3-l1.2`);
    expect(clipFileId(sceneId(v, 12), 99999)).toBe(`${v}-12-r99999`);
  });

  it('fits long ids into 36 valid characters, deterministically and distinctly', () => {
    const v = 'a'.repeat(36);
    const ids = [1, 2, 3].map((n) => sceneId(v, n));
    for (const id of ids) {
      expect(id).toHaveLength(36);
      expect(isValidId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(3);
    expect(sceneId(v, 1)).toBe(ids[0]);
    expect(isValidId(codeFileId(ids[0]!, 100, 3))).toBe(true);
    expect(isValidId(attemptLogId(ids[0]!, 100, 3))).toBe(true);
  });

  it('never starts with a special character', () => {
    expect(isValidId(fitId('_weird/id with spaces and more than thirty six chars'))).toBe(true);
  });

  it('derives the combine lock from the video and the exact set of clips', () => {
    const a = combineLockId('v1', ['v1-1-r1', 'v1-2-r1']);
    expect(combineLockId('v1', ['v1-2-r1', 'v1-1-r1'])).toBe(a);
    expect(combineLockId('v1', ['v1-1-r1', 'v1-2-r2'])).not.toBe(a);
    expect(combineLockId('v2', ['v1-1-r1', 'v1-2-r1'])).not.toBe(a);
    expect(isValidId(a)).toBe(true);
    expect(isValidId(finalFileId('v1', ['x']))).toBe(true);
  });

  it('keeps the hashed row ids apart by their prefixes, all valid', () => {
    const ids = [combineLockId('v1', ['a']), tombstoneId('v1'), finalFileId('v1', ['a']), ledgerEntryId('creation', 'v1'), webhookDeliveryId('w1', 'msg_1')];
    expect(ids.map((id) => id[0])).toEqual(['c', 'p', 'f', 'l', 'd']);
    for (const id of ids) expect(isValidId(id)).toBe(true);
    expect(tombstoneId('v1')).toBe(tombstoneId('v1'));
  });
});
