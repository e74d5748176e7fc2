/**
 * Cleaning what a model says. Models wrap JSON in prose or fences and code in
 * ``` blocks with a sentence before and after; both are stripped here.
 */

/** The first complete JSON object in a text (fenced, bare, or after prose), or undefined. */
export function extractJsonObject(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const v: unknown = JSON.parse(trimmed);
    if (v && typeof v === 'object') return v;
  } catch {
    // fall through to scanning
  }
  for (let start = trimmed.indexOf('{'); start !== -1; start = trimmed.indexOf('{', start + 1)) {
    const end = matchingBrace(trimmed, start);
    if (end === -1) return undefined;
    try {
      return JSON.parse(trimmed.slice(start, end + 1));
    } catch {
      // try the next opening brace
    }
  }
  return undefined;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The Python file in a model's answer: the largest fenced block if there is one
 * (preferring ```python), else the text from the first import/class line on.
 * An unterminated fence (a truncated answer) keeps what follows it.
 */
export function extractPythonCode(text: string): string {
  const fence = /```[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g;
  const blocks = [...text.matchAll(fence)].map((m) => ({ lang: (m[1] ?? '').toLowerCase(), body: m[2] ?? '' }));
  const python = blocks.filter((b) => b.lang === 'python' || b.lang === 'py');
  const pool = python.length ? python : blocks;
  let code: string;
  if (pool.length) {
    code = pool.reduce((a, b) => (b.body.length > a.body.length ? b : a)).body;
  } else {
    const lines = text.split('\n');
    const first = lines.findIndex((l) => /^(from|import)\s+\w|^class\s+\w/.test(l));
    code = first === -1 ? text : lines.slice(first).join('\n');
  }
  return `${code.replace(/\s+$/, '')}\n`;
}
