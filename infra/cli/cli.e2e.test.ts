import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCliProcess } from './cli-process.js';
import { ExitCode } from './failures.js';
import { parseWebVtt } from '../../shared/src/domain/captions.js';

// The CLI as a user runs it: a subprocess through bin.mjs, against the shared local stack.
const stack = inject('stack');
const dir = mkdtempSync(join(tmpdir(), 'cli-e2e-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runCliProcess(args, stack, join(dir, 'state'));

describe('explainer CLI against the local stack', () => {
  it('creates a video, watches it live to completion and downloads a playable MP4', async () => {
    const created = await cli(['create', 'How a binary search works', '--description', 'Halve a sorted list until the target is found.', '--provider', 'offline', '--voice', 'espeak', '--quality', 'preview', '--max-scenes', '2']);
    expect(created.code, created.stderr).toBe(ExitCode.ok);
    const videoId = created.stdout.trim().split('\n')[0] ?? '';
    expect(videoId).toMatch(/^[a-zA-Z0-9]{1,36}$/);

    const watched = await cli(['watch', videoId]);
    expect(watched.code, watched.stderr + watched.stdout).toBe(ExitCode.ok);
    // Live, not polled, and every stage and scene was reported on the way.
    expect(watched.stdout + watched.stderr).not.toContain('polling');
    expect(watched.stdout).toMatch(/scene 1 rendered/);
    expect(watched.stdout).toMatch(/scene 2 rendered/);
    expect(watched.stdout).toMatch(/video completed 100%/);

    const listed = await cli(['list']);
    expect(listed.stdout).toMatch(new RegExp(`^${videoId}\\s+completed\\s+100%`, 'm'));

    const file = join(dir, 'video.mp4');
    const downloaded = await cli(['download', videoId, '-o', file]);
    expect(downloaded.code, downloaded.stderr).toBe(ExitCode.ok);
    expect(downloaded.stdout.trim()).toBe(file);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]).toString()) as {
      streams: { codec_type: string; codec_name: string }[];
      format: { duration: string };
    };
    expect(probe.streams.map((s) => s.codec_type)).toEqual(['video', 'audio']);
    expect(probe.streams[0]?.codec_name).toBe('h264');
    // The narrated video's captions come down beside it.
    expect(parseWebVtt(readFileSync(join(dir, 'video.vtt'), 'utf8')).length).toBeGreaterThan(2);
    expect(Number(probe.format.duration)).toBeGreaterThan(1);

  }, 400_000);

  it('shows the table\'s own message for bad input and exits non-zero', async () => {
    const bad = await cli(['create', 'Sorting algorithms', '--quality', 'ultra']);
    expect(bad.code).toBe(ExitCode.refused);
    expect(bad.stderr).toMatch(/the video was not created: Appwrite refused: .*quality.*\(400, row_invalid_structure\)/);
    expect(bad.stdout).toBe('');
  });

  it('names an unknown video or scene id', async () => {
    const rerun = await cli(['rerun', 'no-such-video-1']);
    expect(rerun.code).toBe(ExitCode.refused);
    expect(rerun.stderr).toContain('no scene with id "no-such-video-1"');
    const runs = await Promise.all(['watch', 'download', 'cancel'].map((command) => cli([command, 'no-such-video'])));
    for (const run of runs) {
      expect(run.code).toBe(ExitCode.refused);
      expect(run.stderr).toContain('no video with id "no-such-video"');
    }
  });

  it('cancels a queued video', async () => {
    const created = await cli(['create', 'The water cycle', '--provider', 'offline', '--max-scenes', '1']);
    const videoId = created.stdout.trim();
    const cancelled = await cli(['cancel', videoId]);
    expect(cancelled.code, cancelled.stderr).toBe(ExitCode.ok);
    expect(cancelled.stdout.trim()).toBe(`${videoId} cancelled`);
    const watched = await cli(['watch', videoId]);
    expect(watched.code).toBe(ExitCode.videoUnsuccessful);
    expect(watched.stderr).toContain('ended cancelled');
  });
});
