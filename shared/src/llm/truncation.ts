import { maskStringsAndComments } from '../code/python-source.js';

/**
 * Whether a code answer was cut off, so the next request asks for a shorter complete file
 * instead of a repair of broken code. Two signs: the provider says it stopped at its output
 * limit (Gemini `MAX_TOKENS`, OpenAI-style `length`), or the file ends inside an open
 * bracket, string or code fence — code no model would end on on purpose.
 */
const LIMIT_REASONS = new Set(['MAX_TOKENS', 'length', 'max_tokens']);

export function truncationOf(answer: string, code: string, finishReason?: string | null): string | null {
  if (finishReason && LIMIT_REASONS.has(finishReason)) return `the provider stopped at its output limit (finish reason ${finishReason})`;
  const fences = answer.match(/^\s*```/gm)?.length ?? 0;
  if (fences % 2 === 1 && !/```\s*$/.test(answer.trimEnd())) return 'the answer ends inside an open ``` code block';
  const open = openBrackets(code);
  if (open) return `the code ends with ${open} still open`;
  return null;
}

function openBrackets(code: string): string | null {
  const triple = /("""|''')/g;
  const masked = maskStringsAndComments(code);
  // The mask keeps quotes; an odd count of triple quotes is a string that never closed.
  if ((masked.match(triple)?.length ?? 0) % 2 === 1) return 'a triple-quoted string';
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const c of masked) {
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs) {
      if (stack.at(-1) !== pairs[c]) return null; // mismatched, not cut off: a syntax error for the gate
      stack.pop();
    }
  }
  if (stack.length === 0) return null;
  return `${stack.length} bracket${stack.length > 1 ? 's' : ''} \`${stack.join('')}\``;
}
