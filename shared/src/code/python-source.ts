/**
 * Just enough Python lexing to edit code without touching string literals or comments:
 * rewrites must never change what a Text("ShowCreation") displays.
 */

/** The source with every string literal and comment replaced by spaces (newlines kept), same length. */
export function maskStringsAndComments(src: string): string {
  const out = src.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '#') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? src.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const triple = src.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      let j = i + quote.length;
      while (j < src.length) {
        if (src[j] === '\\') {
          j += 2;
          continue;
        }
        if (!triple && src[j] === '\n') break; // unterminated single-line string: stop at the line end
        if (src.startsWith(quote, j)) {
          j += quote.length;
          break;
        }
        j++;
      }
      const end = Math.min(j, src.length);
      // Keep the quotes themselves so the mask still shows "a string was here".
      blank(i + quote.length, Math.max(i + quote.length, end - quote.length));
      i = end;
      continue;
    }
    i++;
  }
  return out.join('');
}

export interface CallSite {
  /** Index of the callee name. */
  start: number;
  /** Index of the `(`. */
  open: number;
  /** Index just past the matching `)`. */
  end: number;
  /** Top-level arguments, trimmed, as written. */
  args: string[];
}

/** Finds calls `name(...)` (a whole identifier, not an attribute) in code, skipping strings. */
export function findCalls(src: string, name: string, opts: { method?: boolean } = {}): CallSite[] {
  const mask = maskStringsAndComments(src);
  const re = new RegExp(`${opts.method ? '\\.\\s*' : '(?<![\\w.])'}${name}\\s*\\(`, 'g');
  const sites: CallSite[] = [];
  for (const m of mask.matchAll(re)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(mask, open);
    if (close === -1) continue;
    sites.push({ start: m.index + m[0].indexOf(name), open, end: close + 1, args: splitArgs(src, mask, open + 1, close) });
  }
  return sites;
}

function matchingParen(mask: string, open: number): number {
  let depth = 0;
  for (let i = open; i < mask.length; i++) {
    const c = mask[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitArgs(src: string, mask: string, from: number, to: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = mask[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(src.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = src.slice(start, to).trim();
  if (last) args.push(last);
  return args;
}

/** Replaces whole identifiers (or `.method` names) in code only. Returns the new source and the count. */
export function renameIdentifier(src: string, from: string, to: string, opts: { method?: boolean } = {}): [string, number] {
  const mask = maskStringsAndComments(src);
  const re = opts.method ? new RegExp(`(?<=\\.\\s*)${from}(?!\\w)`, 'g') : new RegExp(`(?<![\\w.])${from}(?!\\w)`, 'g');
  const hits = [...mask.matchAll(re)].map((m) => m.index);
  let out = src;
  for (const at of hits.reverse()) out = out.slice(0, at) + to + out.slice(at + from.length);
  return [out, hits.length];
}
