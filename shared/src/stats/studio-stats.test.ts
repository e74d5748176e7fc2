import { describe, expect, it } from 'vitest';
import { studioStats, type StatsVideo } from './studio-stats.js';

const at = (day: number, second: number) => new Date(Date.UTC(2026, 11, day, 10, 0, second)).toISOString();
const video = (day: number, status: string, extra: Partial<StatsVideo> = {}): StatsVideo => ({ $createdAt: at(day, 0), status, ...extra });

describe('studioStats', () => {
  const videos = [
    video(1, 'completed', { started_at: at(1, 2), planned_at: at(1, 5), finished_at: at(1, 35), render_seconds: 12.5, provider_used: 'gemini', model: 'gemini-2.5-flash', tokens_in: 1000, tokens_out: 400, cost_usd: 0.0015 }),
    video(1, 'failed', { started_at: at(1, 4), planned_at: at(1, 10), finished_at: at(1, 20), render_seconds: 3, provider_used: 'gemini', model: 'gemini-2.5-flash', tokens_in: 500, tokens_out: 100, cost_usd: 0.0005 }),
    video(2, 'completed', { started_at: at(2, 1), planned_at: at(2, 2), finished_at: at(2, 62), render_seconds: 20, provider_used: 'offline', model: 'storyboard' }),
    video(2, 'cancelled'),
    video(3, 'rendering', { started_at: at(3, 1) }),
  ];
  const scenes = [
    { status: 'rendered', render_seconds: 4 }, { status: 'rendered', render_seconds: 6 }, { status: 'failed', error_class: 'api' },
    { status: 'failed', error_class: 'api' }, { status: 'failed', error_class: 'latex' }, { status: 'rendered', render_seconds: 10 },
  ];
  const files = [{ bucketId: 'finals', sizeOriginal: 1000 }, { bucketId: 'clips', sizeOriginal: 300 }, { bucketId: 'finals', sizeOriginal: 500 }];
  const stats = studioStats(videos, scenes, files);

  it('counts videos per day and the success rate of finished ones (cancelled count as neither)', () => {
    expect(stats.videos).toBe(5);
    expect(stats.perDay).toEqual([
      { day: '2026-12-01', created: 2, completed: 1, failed: 1 },
      { day: '2026-12-02', created: 2, completed: 1, failed: 0 },
      { day: '2026-12-03', created: 1, completed: 0, failed: 0 },
    ]);
    expect(stats.successRate).toBe(0.6667);
  });

  it('gives p50/p90 per stage from the rows\' timestamps, and render seconds', () => {
    expect(stats.stageSeconds.queued).toEqual({ count: 4, p50: 1, p90: 4 }); // 2, 4, 1, 1 s: nearest rank
    expect(stats.stageSeconds.planning).toEqual({ count: 3, p50: 3, p90: 6 });
    expect(stats.stageSeconds.scenes).toEqual({ count: 3, p50: 30, p90: 60 });
    expect(stats.stageSeconds.total).toEqual({ count: 3, p50: 35, p90: 62 });
    expect(stats.stageSeconds.sceneRender).toEqual({ count: 3, p50: 6, p90: 10 });
    expect(stats.renderSeconds).toBe(35.5);
  });

  it('sums tokens and cost per provider and model, names the commonest failures, adds up storage', () => {
    expect(stats.usage).toEqual([
      { provider: 'gemini', model: 'gemini-2.5-flash', videos: 2, tokensIn: 1500, tokensOut: 500, costUsd: 0.002 },
      { provider: 'offline', model: 'storyboard', videos: 1, tokensIn: 0, tokensOut: 0, costUsd: 0 },
    ]);
    expect(stats.failureClasses).toEqual([{ errorClass: 'api', scenes: 2 }, { errorClass: 'latex', scenes: 1 }]);
    expect(stats.storage).toEqual([{ bucketId: 'finals', files: 2, bytes: 1500 }, { bucketId: 'clips', files: 1, bytes: 300 }]);
    expect(stats.storageBytes).toBe(1800);
  });

  it('has nothing to say about nothing', () => {
    expect(studioStats([], [], [])).toMatchObject({ videos: 0, successRate: null, stageSeconds: { total: { count: 0, p50: null, p90: null } }, storageBytes: 0 });
  });
});
