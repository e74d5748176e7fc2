import { describe, expect, it } from 'vitest';
import { batchSummaries, batchText } from './batches.js';
import type { VideoRow } from './rows.js';

const row = (id: string, batch: string | null, status: VideoRow['status'], progress: number, created: string): VideoRow =>
  ({ $id: id, $createdAt: created, $updatedAt: created, topic: id, status, progress, batch_id: batch }) as VideoRow;

describe('batchSummaries', () => {
  it('counts each batch from its rows, newest batch first, ignoring videos of no batch', () => {
    const rows = [
      row('a1', 'A', 'completed', 100, '2026-12-01T10:00:00.000+00:00'),
      row('a2', 'A', 'rendering', 40, '2026-12-01T10:00:01.000+00:00'),
      row('a3', 'A', 'failed', 60, '2026-12-01T10:00:02.000+00:00'),
      row('b1', 'B', 'queued', 0, '2026-12-02T10:00:00.000+00:00'),
      row('solo', null, 'completed', 100, '2026-12-03T10:00:00.000+00:00'),
    ];
    const [b, a] = batchSummaries(rows);
    expect(b).toMatchObject({ batchId: 'B', total: 1, completed: 0, running: 1, progress: 0 });
    expect(a).toMatchObject({ batchId: 'A', total: 3, completed: 1, failed: 1, running: 1, progress: 80 });
    expect(batchText(a!)).toBe('Batch of 3: 1 of 3 completed, 1 failed or cancelled, 1 in the works');
  });
});
