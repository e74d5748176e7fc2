/** A tiny DOM builder. Strings always become text nodes: nothing here parses HTML. */
export type Child = Node | string | number | null | undefined | false;
export type Props = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value as EventListener);
    } else if (key === 'class') {
      element.className = String(value);
    } else if (typeof value !== 'string' && typeof value !== 'number' && key in element) {
      // Properties such as `disabled`, `checked` or `value` objects.
      (element as unknown as Record<string, unknown>)[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  element.append(...nodes(children));
  return element;
}

export function nodes(children: readonly Child[]): Node[] {
  const out: Node[] = [];
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    out.push(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return out;
}

/** Replace an element's text only when it changed, so screen readers are not re-notified. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

export function setChildren(element: Element, ...children: Child[]): void {
  element.replaceChildren(...nodes(children));
}
