import { describe, expect, it } from 'vitest';
import { parseVideoInput, VideoRow, videoInputFromRow } from './video.js';

describe('parseVideoInput', () => {
  it('trims, applies defaults and accepts a normal request', () => {
    const r = parseVideoInput({ topic: "  Newton's three laws  " });
    expect(r).toEqual({
      ok: true,
      value: { topic: "Newton's three laws", description: '', quality: 'preview', aspect_ratio: '16:9', provider: 'auto', voice: 'auto', max_scenes: 6 },
    });
  });

  it.each([
    [{}, 'a topic is required'],
    [{ topic: 42 }, 'the topic must be text'],
    [{ topic: '   ' }, 'at least 3 characters'],
    [{ topic: 'x'.repeat(201) }, 'at most 200 characters'],
    [{ topic: 'bell\u0007 ringer' }, 'control characters'],
    [{ topic: 'two\nlines' }, 'one line'],
    [{ topic: 'evil \u202Etxt.exe' }, 'control characters'],
    [{ topic: 'fine topic', description: 'y'.repeat(2001) }, 'at most 2000'],
    [{ topic: 'fine topic', description: 'nul\u0000' }, 'control characters'],
    [{ topic: 'fine topic', quality: 'ultra' }, 'quality must be one of preview, standard, high'],
    [{ topic: 'fine topic', aspect_ratio: '4:3' }, 'aspect_ratio must be one of'],
    [{ topic: 'fine topic', provider: 'claude' }, 'provider must be one of'],
    [{ topic: 'fine topic', max_scenes: 13 }, 'at most 12'],
    [{ topic: 'fine topic', max_scenes: 2.5 }, 'whole number'],
    [{ topic: 'fine topic', colour: 'red' }, 'unknown option(s): colour'],
  ])('refuses %j with a readable message', (input, fragment) => {
    const r = parseVideoInput(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(fragment);
  });

  it('keeps newlines and unicode in the description', () => {
    const r = parseVideoInput({ topic: 'Entropie — Ordnung', description: 'Line one.\nLine two: ΔS ≥ 0' });
    expect(r.ok && r.value.description).toBe('Line one.\nLine two: ΔS ≥ 0');
  });
});

describe('videoInputFromRow', () => {
  it('reads the input columns of a stored row and ignores pipeline columns and nulls', () => {
    const r = videoInputFromRow({ $id: 'v1', topic: 'Pythagoras', description: null, status: 'queued', max_scenes: null, quality: 'high' });
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ topic: 'Pythagoras', quality: 'high', max_scenes: 6, description: '' }) });
  });
});

describe('VideoRow', () => {
  it('parses a server row with nulls and extra system fields', () => {
    const row = VideoRow.parse({ $id: 'v1', $sequence: '1', topic: 'T', status: 'rendering', progress: 40, current_scene: null, cost_usd: 0 });
    expect(row.status).toBe('rendering');
    expect(() => VideoRow.parse({ $id: 'v1', topic: 'T', status: 'done' })).toThrow();
  });
});
