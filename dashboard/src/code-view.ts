import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';

hljs.registerLanguage('python', python);

/**
 * Scene code, highlighted. highlight.js escapes every character of the source and only adds
 * its own `<span class="hljs-…">` wrappers, so LLM-written text still cannot become markup.
 */
export function showCode(target: HTMLElement, source: string): void {
  target.innerHTML = hljs.highlight(source, { language: 'python', ignoreIllegals: true }).value;
}
