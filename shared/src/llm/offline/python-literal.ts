/**
 * A Python string literal for any user text. Everything outside printable ASCII is
 * escaped, so quotes, backslashes, newlines, NULs, surrogates and `"""` can never end
 * the literal or change the program, and the file stays pure ASCII.
 */
export function pyString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A Python list literal of strings. */
export function pyStringList(items: readonly string[], indent: string): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((s) => `${indent}    ${pyString(s)},`).join('\n')}\n${indent}]`;
}
