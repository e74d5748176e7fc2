import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entry, type RuntimeContext } from './entry.js';
import { readFunctionConfig } from './config.js';
import { done, failed, ignored } from './outcome.js';

const KEY = 'secret-execution-key-1234567890';

function context(body: unknown, headers: Record<string, string> = {}) {
  const lines: string[] = [];
  const answers: { body: unknown; status: number | undefined }[] = [];
  const ctx: RuntimeContext = {
    req: { headers: { 'x-appwrite-key': KEY, 'x-appwrite-trigger': 'event', 'x-appwrite-event': 'tablesdb.studio.tables.scenes.rows.s1.update', ...headers }, bodyText: JSON.stringify(body) },
    res: { json: (b, status) => answers.push({ body: b, status }) },
    log: (m) => lines.push(m),
    error: (m) => lines.push(m),
  };
  return { ctx, lines, answers };
}

describe('entry', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.APPWRITE_FUNCTION_API_ENDPOINT = 'http://127.0.0.1:1/v1';
    process.env.APPWRITE_FUNCTION_PROJECT_ID = 'local';
    process.env.GEMINI_API_KEY = 'gemini-key-abcdefghijklmnop';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('hands the handler the event body and answers with its outcome', async () => {
    const { ctx, lines, answers } = context({ $id: 's1', status: 'coded' });
    await entry(async (inv) => done('scene.seen', { id: inv.body.$id, trigger: inv.trigger, event: inv.eventName }))(ctx);
    expect(answers).toEqual([{ body: { outcome: 'done', event: 'scene.seen' }, status: 200 }]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: 'scene.seen', id: 's1', trigger: 'event', detail: 'tablesdb.studio.tables.scenes.rows.s1.update' });
    const ignoredRun = context({});
    await entry(async () => ignored('not mine'))(ignoredRun.ctx);
    expect(ignoredRun.answers[0]).toEqual({ body: { outcome: 'ignored', reason: 'not mine' }, status: 200 });
  });

  it('answers an event for a row it does not serve without loading the handler', async () => {
    const loads: string[] = [];
    const fn = entry({
      serves: (row) => row.status === 'coded',
      load: async () => {
        loads.push('loaded');
        return async (inv) => done('scene.seen', { status: inv.body.status });
      },
    });
    const skipped = context({ $id: 's1', status: 'rendering' });
    await fn(skipped.ctx);
    expect(loads).toEqual([]);
    expect(skipped.answers).toEqual([{ body: { outcome: 'ignored', reason: 'event for a rendering row' }, status: 200 }]);
    expect(skipped.lines.join('\n')).not.toContain(KEY);

    const served = context({ $id: 's1', status: 'coded' });
    await fn(served.ctx);
    expect(served.answers[0]).toEqual({ body: { outcome: 'done', event: 'scene.seen' }, status: 200 });
    // A direct execution (the sweeper re-delivering a lost event) always reaches the handler.
    const direct = context({ $id: 's1', status: 'rendering' }, { 'x-appwrite-trigger': 'http' });
    await fn(direct.ctx);
    expect(direct.answers[0]).toEqual({ body: { outcome: 'done', event: 'scene.seen' }, status: 200 });
    expect(loads).toEqual(['loaded', 'loaded']);
  });

  it('never lets the execution key or an LLM key into a log line or a response', async () => {
    const { ctx, lines, answers } = context({});
    await entry(async () => {
      throw new Error(`request failed with header x-appwrite-key: ${KEY} and key gemini-key-abcdefghijklmnop`);
    })(ctx);
    const all = JSON.stringify({ lines, answers });
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('gemini-key-abcdefghijklmnop');
    expect(all).toContain('[redacted]');
    expect(answers[0]?.status).toBe(500);
    const f = context({});
    await entry(async () => failed(`bad ${KEY}`))(f.ctx);
    expect(JSON.stringify(f.lines)).not.toContain(KEY);
  });

  it('fails clearly without an execution key or with broken config', async () => {
    const noKey = context({}, { 'x-appwrite-key': '' });
    await entry(async () => done('x'))(noKey.ctx);
    expect(noKey.answers[0]).toMatchObject({ status: 500, body: { reason: 'missing execution key' } });
    process.env.MAX_ATTEMPTS = 'zero';
    const bad = context({});
    await entry(async () => done('x'))(bad.ctx);
    expect(bad.answers[0]?.status).toBe(500);
    expect(JSON.stringify(bad.answers[0]?.body)).toContain('maxAttempts');
  });
});

describe('readFunctionConfig', () => {
  it('fills the documented defaults and reads overrides', () => {
    const c = readFunctionConfig({ APPWRITE_FUNCTION_API_ENDPOINT: 'http://x/v1', APPWRITE_FUNCTION_PROJECT_ID: 'p' });
    expect(c).toMatchObject({ maxAttempts: 3, databaseId: 'studio', quotas: { videosInProgress: 3, scenesPerVideo: 8, videosPerHour: 20 } });
    const d = readFunctionConfig({ APPWRITE_FUNCTION_API_ENDPOINT: 'http://x/v1', APPWRITE_FUNCTION_PROJECT_ID: 'p', MAX_ATTEMPTS: '5', QUOTA_VIDEOS_IN_PROGRESS: '1' });
    expect(d.maxAttempts).toBe(5);
    expect(d.quotas.videosInProgress).toBe(1);
  });
});
