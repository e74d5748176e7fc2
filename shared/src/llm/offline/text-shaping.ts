/** Turning free text into on-screen pieces: sentences, short phrases, wrapped lines. */

/** Sentences and clauses of a description, each a usable bullet. */
export function clauses(text: string): string[] {
  const parts = text
    .split(/(?<=[.!?])\s+|[\n;•]+|\s+[-–—]\s+/u)
    .map((s) => s.trim().replace(/^[-*\d.)\s]+/u, '').replace(/[.;:,\s]+$/u, ''))
    .filter((s) => s.length >= 2);
  const out: string[] = [];
  for (const p of parts) {
    // A long sentence becomes its comma-separated clauses, when they are substantial.
    if (p.length > 90 && p.includes(',')) {
      const sub = p.split(/,\s+/).map((s) => s.trim()).filter((s) => s.length >= 2);
      if (sub.every((s) => s.length >= 12)) {
        out.push(...sub);
        continue;
      }
    }
    out.push(p);
  }
  return out;
}

/** Cuts at a word boundary and marks the cut. */
export function shorten(text: string, max: number): string {
  const t = text.trim();
  if ([...t].length <= max) return t;
  const chars = [...t].slice(0, max - 1).join('');
  const at = chars.lastIndexOf(' ');
  return `${(at > max / 2 ? chars.slice(0, at) : chars).replace(/[\s,.;:]+$/u, '')}…`;
}

/** Emoji and pictographs: the render host's fonts have no glyphs for them (they draw as boxes). */
const NO_GLYPH = /[\u{1F000}-\u{1FAFF}\u{E000}-\u{F8FF}\uFE0E\uFE0F\u200D]/gu;

/** Greedy word wrap; words longer than a line are split. */
export function wrap(rawText: string, width: number, maxLines = 3): string {
  const text = rawText.replace(NO_GLYPH, '').trim();
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const pieces = [...word].length > width ? chunk(word, width) : [word];
    for (const piece of pieces) {
      if (!line) line = piece;
      else if ([...line].length + 1 + [...piece].length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = shorten(`${kept[maxLines - 1]} ${lines[maxLines]}`, width);
    return kept.join('\n');
  }
  return lines.join('\n');
}

function chunk(word: string, width: number): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

const STOP = new Set(
  'a an the and or but of to in on at by for with from into onto over under about as is are was were be been being this that these those it its how why what when where which who whom whose do does did can could should would will shall may might must than then so such very more most less least not no yes your our their his her my we you they he she i me us them there here also each every some any all both either neither one two three via vs versus'.split(' '),
);

/** Distinct content words, longest and earliest first: labels for boxes in a diagram. */
export function keywords(text: string, count: number): string[] {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const seen = new Set<string>();
  const scored: { word: string; score: number; at: number }[] = [];
  words.forEach((w, i) => {
    const key = w.toLowerCase();
    if (STOP.has(key) || key.length < 3 || seen.has(key)) return;
    seen.add(key);
    scored.push({ word: w, score: [...w].length * 2 - i * 0.1, at: i });
  });
  // Pick the strongest words, then show them in the order the text used them.
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .sort((a, b) => a.at - b.at)
    .map((s) => s.word);
}
