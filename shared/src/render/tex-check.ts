import { createHash } from 'node:crypto';
import { failure, type RenderFailure, type RenderJob, type RenderResult } from './contract.js';
import type { TexItem } from './gate.js';

/**
 * Compiles a scene's Tex/MathTex strings one by one before the scene renders: a short
 * sandboxed run (the same launcher as a render) that builds each string on its own and says
 * which fails and LaTeX's own error, instead of a whole render that stops at the first.
 * Results are cached by string in this process, so a retry or a re-render pays nothing for
 * formulas already seen.
 */
const CACHE_LIMIT = 2000;
const cache = new Map<string, string | null>();
const MARK = 'TEXCHECK ';

const keyOf = (item: TexItem) => createHash('sha256').update(JSON.stringify([item.kind, item.strings, item.environment])).digest('hex');

/** Python literals from JSON: JSON's string escapes are all valid in a plain Python string. */
const py = (value: unknown) => JSON.stringify(value).replaceAll('null', 'None');

export function texCheckScene(items: TexItem[]): string {
  const list = items.map((i) => `(${py(i.kind)}, [${i.strings.map((s) => JSON.stringify(s)).join(', ')}], ${i.environment === null ? 'None' : JSON.stringify(i.environment)})`).join(',\n    ');
  return `from manim import *
import json
import re

ITEMS = [
    ${list}
]


def latex_errors(err):
    # Manim's error names the .log LaTeX wrote; its "! ..." lines and the "l.N" context say why.
    match = re.search(r"log file: (\\S+\\.log)", str(err))
    if not match:
        return str(err)[:300]
    try:
        lines = open(match.group(1), encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        return str(err)[:300]
    picked = []
    for n, line in enumerate(lines):
        if line.startswith("! "):
            picked.append(line[2:].strip())
            picked += [l.strip() for l in lines[n + 1:n + 4] if l.startswith("l.")][:1]
    return " ".join(picked)[:400] or str(err)[:300]


class TexCheck(Scene):
    def construct(self):
        for i, (kind, strings, env) in enumerate(ITEMS):
            try:
                (MathTex if kind == "MathTex" else Tex)(*strings, **({"tex_environment": env} if env else {}))
                print("${MARK}" + json.dumps({"i": i, "ok": True}), flush=True)
            except Exception as err:
                print("${MARK}" + json.dumps({"i": i, "ok": False, "why": latex_errors(err)}), flush=True)
        self.wait(0.04)
`;
}

/** The failure for the first string that does not compile, or null when all do. */
export async function checkTexStrings(items: TexItem[], run: (job: RenderJob) => Promise<RenderResult>): Promise<RenderFailure | null> {
  const unknown = items.filter((i) => !cache.has(keyOf(i)));
  if (unknown.length > 0) {
    const result = await run({ code: texCheckScene(unknown), className: 'TexCheck', quality: 'preview', aspectRatio: '16:9', timeoutMs: 60_000 });
    const verdicts = new Map<number, string | null>();
    for (const line of result.log.split('\n')) {
      const at = line.indexOf(MARK);
      if (at < 0) continue;
      try {
        const v = JSON.parse(line.slice(at + MARK.length)) as { i: number; ok: boolean; why?: string };
        verdicts.set(v.i, v.ok ? null : (v.why ?? 'LaTeX error'));
      } catch {
        // a marker cut by the log tail: that string is simply not cached
      }
    }
    // A check that could not run says nothing about the strings: the render will tell.
    unknown.forEach((item, i) => {
      if (!verdicts.has(i)) return;
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(keyOf(item), verdicts.get(i)!);
    });
  }
  const bad = items.map((item) => ({ item, why: cache.get(keyOf(item)) })).filter((x): x is { item: TexItem; why: string } => typeof x.why === 'string');
  if (bad.length === 0) return null;
  const lines = bad.map(({ item, why }) => `line ${item.line}: ${item.kind}(${item.strings.map((s) => JSON.stringify(s)).join(', ')}) does not compile: ${why}`);
  const hint = 'Hint: Tex is text mode (math needs $...$ or MathTex); no Unicode sub/superscripts or Greek letters (write ^{2}, \\alpha); escape & % # _ in Tex as \\& \\% \\# \\_.';
  const text = [...lines, hint].join('\n');
  return failure('latex', `LaTeX could not compile a Tex/MathTex string: ${bad[0]!.why} (${lines[0]!.split(':')[0]})${bad.length > 1 ? ` (and ${bad.length - 1} more)` : ''}`, { traceback: text, log: text });
}
