import { describe, expect, it } from 'vitest';
import { formatAttemptLog, parseAttemptLog } from './attempt-log.js';
import { codeFileId } from '../domain/ids.js';
import { nextAttempt } from './attempts.js';

describe('attempt log', () => {
  it('gives the next attempt back the traceback and the code it was written for', () => {
    const text = formatAttemptLog({ errorClass: 'runtime', message: "NameError: name 'foo' is not defined", traceback: 'Traceback (most recent call last):\n  line 7\nNameError', code: 'class Scene1(Scene):\n    pass\n', log: 'manim output' });
    const back = parseAttemptLog(text);
    expect(back.error).toContain("NameError: name 'foo' is not defined");
    expect(back.error).toContain('Traceback (most recent call last):');
    expect(back.error).not.toContain('manim output');
    expect(back.code).toBe('class Scene1(Scene):\n    pass');
  });
});

describe('attempts', () => {
  it('restarts the count on a user re-run and continues it on a pipeline retry', () => {
    expect(nextAttempt({ pipeline_retry: false, attempt: 3 })).toBe(1);
    expect(nextAttempt({ pipeline_retry: true, attempt: 2 })).toBe(3);
  });

  it('never reuses a code file id across runs', () => {
    const ids = new Set([codeFileId('s', 0, 1), codeFileId('s', 1, 2), codeFileId('s', 2, 1), codeFileId('s', 2, 2)]);
    expect(ids.size).toBe(4);
  });
});
