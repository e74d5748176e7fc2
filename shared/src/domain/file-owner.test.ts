import { describe, expect, it } from 'vitest';
import { fileBaseName, fileOwnerOf, fileOwnerPrefix, ownedFileName } from './file-owner.js';

describe('file owner names', () => {
  it('name a file after its video and read the video back', () => {
    const name = ownedFileName('vid_1', 'Scene1.py');
    expect(name).toBe('vid_1~Scene1.py');
    expect(fileOwnerOf(name)).toBe('vid_1');
    expect(fileBaseName(name)).toBe('Scene1.py');
  });

  it('never let one video id be the prefix of another', () => {
    // `abc` and `abc-2` are both valid ids; only the separator tells their files apart.
    expect(ownedFileName('abc-2', 'x.mp4').startsWith(fileOwnerPrefix('abc'))).toBe(false);
    expect(fileOwnerOf('abc-2~x.mp4')).toBe('abc-2');
  });

  it('say a name without an owner has none, and refuse a non-id', () => {
    expect(fileOwnerOf('video.mp4')).toBeNull();
    expect(fileOwnerOf('~x')).toBeNull();
    expect(() => fileOwnerPrefix('')).toThrow(/not a video id/);
    expect(() => fileOwnerPrefix('a~b')).toThrow(/not a video id/);
  });
});
