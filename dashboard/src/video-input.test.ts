import { describe, expect, it } from 'vitest';
import { formTopics, validateNewVideo } from './video-input.js';

const base = { topic: 'Newton laws', description: '', quality: 'preview', aspect_ratio: '16:9', provider: 'auto', priority: 'normal', voice: 'auto', max_scenes: '' };

describe('validateNewVideo', () => {
  it('accepts a valid form, trims text and leaves max_scenes unset when empty', () => {
    const result = validateNewVideo({ ...base, topic: '  Pythagoras  ', description: ' two lines\nof text ' });
    expect(result).toEqual({
      ok: true,
      value: { topic: 'Pythagoras', description: 'two lines\nof text', quality: 'preview', aspect_ratio: '16:9', provider: 'auto', priority: 'normal', voice: 'auto', max_scenes: null },
    });
  });

  it('applies the table bounds: topic 3–200 characters, description up to 2000', () => {
    expect(validateNewVideo({ ...base, topic: 'ab' })).toEqual({ ok: false, errors: { topic: 'Give the topic at least 3 characters.' } });
    expect(validateNewVideo({ ...base, topic: '   ab   ' }).ok).toBe(false);
    expect(validateNewVideo({ ...base, topic: 'x'.repeat(200) }).ok).toBe(true);
    expect(validateNewVideo({ ...base, topic: 'x'.repeat(201) })).toEqual({ ok: false, errors: { topic: 'Keep the topic to 200 characters or fewer.' } });
    expect(validateNewVideo({ ...base, description: 'd'.repeat(2000) }).ok).toBe(true);
    expect(validateNewVideo({ ...base, description: 'd'.repeat(2001) })).toEqual({
      ok: false,
      errors: { description: 'Keep the description to 2,000 characters or fewer.' },
    });
  });

  it('counts characters, not UTF-16 units, as the server does', () => {
    // 200 emoji are 400 UTF-16 units but 200 characters.
    expect(validateNewVideo({ ...base, topic: '🎬'.repeat(200) }).ok).toBe(true);
    expect(validateNewVideo({ ...base, topic: '🎬'.repeat(2) }).ok).toBe(false);
  });

  it('refuses control characters and unknown options with a message per field', () => {
    const result = validateNewVideo({ ...base, topic: 'bell\u0007 rings', quality: 'ultra', aspect_ratio: '4:3', max_scenes: '40' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['aspect_ratio', 'max_scenes', 'quality', 'topic']);
    expect(result.errors.max_scenes).toBe('Ask for at most 12 scenes.');
    expect(validateNewVideo({ ...base, max_scenes: '2.5' })).toEqual({ ok: false, errors: { max_scenes: 'Scenes must be a whole number.' } });
  });

  it('keeps markup in a topic as plain text to be stored', () => {
    const result = validateNewVideo({ ...base, topic: '<script>alert(1)</script> fractions' });
    expect(result.ok && result.value.topic).toBe('<script>alert(1)</script> fractions');
  });
});

describe('formTopics', () => {
  it('makes a batch of the topic and one more per line, skipping blank lines', () => {
    expect(formTopics(' Heaps ', 'Tries\n\n  Graphs \r\n')).toEqual({ ok: true, topics: ['Heaps', 'Tries', 'Graphs'] });
    expect(formTopics('Heaps', '')).toEqual({ ok: true, topics: ['Heaps'] });
  });

  it('names the topic that breaks the rule', () => {
    expect(formTopics('Heaps', 'Tries\nab')).toEqual({ ok: false, message: 'Topic 3: Give the topic at least 3 characters.' });
  });
});
