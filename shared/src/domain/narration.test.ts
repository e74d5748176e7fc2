import { describe, expect, it } from 'vitest';
import { Cues, decodeJsonColumn, estimateSpeechSeconds, splitSentences } from './narration.js';

describe('narration', () => {
  it('splits sentences where a narrator pauses, not inside abbreviations or numbers', () => {
    expect(splitSentences('Force equals mass times acceleration. Is that all? No! Consider e.g. friction, about 9.81 m/s² of it.'))
      .toEqual(['Force equals mass times acceleration.', 'Is that all?', 'No!', 'Consider e.g. friction, about 9.81 m/s² of it.']);
    expect(splitSentences('A line without a stop\nand another one.')).toEqual(['A line without a stop', 'and another one.']);
    expect(splitSentences('  \n ... ')).toEqual([]);
    expect(splitSentences('Dr. Who said "hello." Then left.')).toEqual(['Dr. Who said "hello."', 'Then left.']);
  });

  it('guesses a speaking length from the words', () => {
    expect(estimateSpeechSeconds('one two three four five six seven eight nine ten eleven twelve thirteen')).toBeCloseTo(5, 0);
    expect(estimateSpeechSeconds('')).toBe(0);
  });

  it('reads a JSON column or answers null, never throws', () => {
    expect(decodeJsonColumn(Cues, '[{"start":0,"end":1.5,"text":"Hi."}]')).toEqual([{ start: 0, end: 1.5, text: 'Hi.' }]);
    expect(decodeJsonColumn(Cues, '{not json')).toBeNull();
    expect(decodeJsonColumn(Cues, '[{"start":-1,"end":1,"text":"x"}]')).toBeNull();
    expect(decodeJsonColumn(Cues, null)).toBeNull();
  });
});
