import type { Cue } from './narration.js';

/** One clip's cues and where the clip starts in the combined video (seconds). */
export type ClipCues = { offset: number; cues: readonly Cue[] };

/**
 * WebVTT for a whole video: every clip's cues shifted by the clips before it, in order, each
 * cut at the start of the next clip so no caption outlives its scene. Pure text, so the
 * combine writes it in a Node function and the dashboard can read it back.
 */
export function webVtt(clips: readonly ClipCues[], ends: readonly number[] = []): string {
  const lines = ['WEBVTT', ''];
  let n = 0;
  clips.forEach((clip, i) => {
    const limit = ends[i] ?? Number.POSITIVE_INFINITY;
    for (const cue of [...clip.cues].sort((a, b) => a.start - b.start)) {
      const start = clip.offset + cue.start;
      const end = Math.min(clip.offset + cue.end, limit);
      if (end <= start) continue;
      n += 1;
      lines.push(String(n), `${timestamp(start)} --> ${timestamp(end)}`, cueText(cue.text), '');
    }
  });
  return `${lines.join('\n')}\n`;
}

/** `hh:mm:ss.mmm`, as WebVTT requires. */
export function timestamp(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

/** Cue text is markup in WebVTT: escape it, and keep it on one line (a blank line would end the cue). */
function cueText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Reads WebVTT cues back (for tests, the CLI and the dashboard): start, end and text of each. */
export function parseWebVtt(text: string): { start: number; end: number; text: string }[] {
  if (!/^WEBVTT(?:[ \t].*)?(?:\r?\n|$)/.test(text)) throw new Error('not a WebVTT file: it must start with "WEBVTT"');
  const cues: { start: number; end: number; text: string }[] = [];
  for (const block of text.split(/\r?\n\r?\n+/).slice(1)) {
    const rows = block.split(/\r?\n/).filter(Boolean);
    const at = rows.findIndex((r) => r.includes('-->'));
    if (at < 0) continue;
    const m = /^(\d{2,}:\d{2}:\d{2}\.\d{3}) --> (\d{2,}:\d{2}:\d{2}\.\d{3})/.exec(rows[at]!);
    if (!m) throw new Error(`bad cue timing: ${rows[at]}`);
    const unescape = (t: string) => t.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
    cues.push({ start: seconds(m[1]!), end: seconds(m[2]!), text: unescape(rows.slice(at + 1).join('\n')) });
  }
  return cues;
}

function seconds(stamp: string): number {
  const [h, m, s] = stamp.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
