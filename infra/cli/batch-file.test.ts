import { describe, expect, it } from 'vitest';
import { BatchFileError, csvRecords, parseBatchFile } from './batch-file.js';

describe('parseBatchFile', () => {
  it('reads a topic per line, skipping blanks and comments', () => {
    expect(parseBatchFile('Binary search\n\n# later\nBubble sort\r\n', 'topics.txt')).toEqual([{ topic: 'Binary search' }, { topic: 'Bubble sort' }]);
  });

  it('reads CSV rows with a header, quoted commas and newlines', () => {
    const csv = 'topic,description,quality,max_scenes\n"Sorting, fast","Quick sort\nand merge sort",preview,2\nHeaps,,,\n';
    expect(parseBatchFile(csv, 'b.csv')).toEqual([
      { topic: 'Sorting, fast', description: 'Quick sort\nand merge sort', quality: 'preview', max_scenes: 2 },
      { topic: 'Heaps' },
    ]);
  });

  it('reads JSONL objects', () => {
    expect(parseBatchFile('{"topic":"Graphs","aspect":"9:16"}\n{"topic":"Trees","max_scenes":3}\n', 'b.jsonl')).toEqual([
      { topic: 'Graphs', aspect_ratio: '9:16' },
      { topic: 'Trees', max_scenes: 3 },
    ]);
  });

  it('names the line or row that is wrong', () => {
    expect(() => parseBatchFile('{"topic":"A"}\n{oops}\n', 'b.jsonl')).toThrow(/line 2 is not JSON/);
    expect(() => parseBatchFile('topic,colour\nA,red\n', 'b.csv')).toThrow(/row 2: unknown column "colour"/);
    expect(() => parseBatchFile('description\nx\n', 'b.csv')).toThrow(/needs a "topic" column/);
    expect(() => parseBatchFile('{"description":"no topic"}', 'b.jsonl')).toThrow(/line 1: no topic/);
    expect(() => parseBatchFile('\n# nothing\n', 'empty.txt')).toThrow(BatchFileError);
  });

  it('splits CSV like RFC 4180', () => {
    expect(csvRecords('a,"b ""q""",c\r\n1,2,3')).toEqual([['a', 'b "q"', 'c'], ['1', '2', '3']]);
  });
});
