import { describe, expect, it } from 'vitest';
import { parseWebVtt, timestamp, webVtt } from './captions.js';

describe('webVtt', () => {
  it('offsets each clip\'s cues by the clips before it, numbers them and escapes their text', () => {
    const vtt = webVtt([
      { offset: 0, cues: [{ start: 0, end: 2.5, text: 'Force <equals> mass & more.' }] },
      { offset: 4.2, cues: [{ start: 1, end: 3, text: 'Second\nscene.' }, { start: 0.1, end: 0.9, text: 'First of two.' }] },
    ]);
    expect(vtt.startsWith('WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\nForce &lt;equals&gt; mass &amp; more.\n')).toBe(true);
    expect(parseWebVtt(vtt)).toEqual([
      { start: 0, end: 2.5, text: 'Force <equals> mass & more.' },
      { start: 4.3, end: 5.1, text: 'First of two.' },
      { start: 5.2, end: 7.2, text: 'Second scene.' },
    ]);
  });

  it('cuts a cue at the end of its clip', () => {
    expect(parseWebVtt(webVtt([{ offset: 0, cues: [{ start: 1, end: 9, text: 'Long.' }] }], [3]))).toEqual([{ start: 1, end: 3, text: 'Long.' }]);
  });

  it('writes hours, minutes and milliseconds', () => {
    expect(timestamp(3723.4567)).toBe('01:02:03.457');
    expect(() => parseWebVtt('1\n00:00:00.000 --> 00:00:01.000\nx')).toThrow(/WEBVTT/);
  });
});
