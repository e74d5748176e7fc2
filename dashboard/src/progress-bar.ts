import { h } from './element.js';
import { clampProgress } from './format.js';

export type ProgressBar = { element: HTMLDivElement; set(progress: number | null | undefined, description: string): void };

/** An accessible progress bar: `role=progressbar` with its value in aria attributes. */
export function progressBar(label: string): ProgressBar {
  const fill = h('div', { class: 'progress-fill' });
  const element = h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' },
    fill,
  );
  return {
    element,
    set(progress, description) {
      const value = clampProgress(progress);
      const now = String(value);
      if (element.getAttribute('aria-valuenow') !== now) element.setAttribute('aria-valuenow', now);
      const text = `${value}% — ${description}`;
      if (element.getAttribute('aria-valuetext') !== text) element.setAttribute('aria-valuetext', text);
      fill.style.width = `${value}%`;
    },
  };
}
