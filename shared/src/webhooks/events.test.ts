import { describe, expect, it } from 'vitest';
import { deliveryId, MAX_ATTEMPTS, messageId, messageOfScene, messageOfVideo, nextAttemptAt, payloadOf } from './events.js';

const stamp = '2026-12-02T06:00:00.000+00:00';

describe('webhook messages', () => {
  it('announce a video finishing once per finish, whatever else is written to the row', () => {
    const row = { $id: 'v1', $updatedAt: stamp, status: 'completed', topic: 'T', finished_at: stamp, combined_video_url: 'https://x/v' };
    const first = messageOfVideo(row)!;
    expect(first.type).toBe('video.completed');
    expect(first.data).toMatchObject({ video_id: 'v1', video_url: 'https://x/v' });
    // A later write (e.g. retention's) keeps finished_at and so the id.
    expect(messageId(messageOfVideo({ ...row, $updatedAt: '2026-12-09T00:00:00.000+00:00' })!)).toBe(messageId(first));
    // A re-run that finishes again is a new message.
    expect(messageId(messageOfVideo({ ...row, finished_at: '2026-12-03T00:00:00.000+00:00' })!)).not.toBe(messageId(first));
    expect(messageOfVideo({ ...row, status: 'failed', error_message: 'boom' })?.type).toBe('video.failed');
    expect(messageOfVideo({ ...row, status: 'rendering' })).toBeNull();
  });

  it('announce a scene failure per run and attempt', () => {
    const row = { $id: 'v1-2', $updatedAt: stamp, status: 'failed', video_id: 'v1', scene_number: 2, renders: 1, attempt: 3, error_class: 'syntax' };
    expect(messageOfScene(row)?.type).toBe('scene.failed');
    expect(messageId(messageOfScene({ ...row, renders: 2 })!)).not.toBe(messageId(messageOfScene(row)!));
    expect(messageOfScene({ ...row, status: 'rendered' })).toBeNull();
  });

  it('give each endpoint its own delivery of a message, and a Standard Webhooks payload', () => {
    expect(deliveryId('w1', 'msg_a')).not.toBe(deliveryId('w2', 'msg_a'));
    expect(deliveryId('w1', 'msg_a')).toBe(deliveryId('w1', 'msg_a'));
    const payload = JSON.parse(payloadOf({ type: 'video.failed', key: 'k', data: { video_id: 'v' } }, new Date(stamp)));
    expect(payload).toEqual({ type: 'video.failed', timestamp: '2026-12-02T06:00:00.000Z', data: { video_id: 'v' } });
  });

  it('back off between attempts and give up after the last', () => {
    const now = new Date(stamp);
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, i) => nextAttemptAt(i + 1, now));
    const seconds = delays.slice(0, -1).map((d) => (Date.parse(d!) - now.getTime()) / 1000);
    seconds.forEach((s, i) => expect(s).toBeGreaterThan(seconds[i - 1] ?? 0));
    expect(delays.at(-1)).toBeNull();
  });
});
