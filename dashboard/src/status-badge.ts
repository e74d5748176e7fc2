import { h, setText } from './element.js';
import type { StatusView } from './status-view.js';

/** A status as a word, a symbol and a colour; the word alone carries the meaning. */
export function statusBadge(view: StatusView): HTMLSpanElement {
  const badge = h('span', { class: 'badge' }, h('span', { class: 'badge-symbol', 'aria-hidden': 'true' }), h('span', { class: 'badge-label' }));
  updateBadge(badge, view);
  return badge;
}

export function updateBadge(badge: HTMLElement, view: StatusView): void {
  badge.className = `badge tone-${view.tone}`;
  badge.dataset.tone = view.tone;
  setText(badge.querySelector('.badge-symbol')!, view.symbol);
  setText(badge.querySelector('.badge-label')!, view.label);
}
