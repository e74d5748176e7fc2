import type { Page } from 'playwright-core';

// What the browser suite reads from and leaves in the page, and the steps it repeats.
export type Seen = { progress: number[]; video: string[]; scenes: Record<string, string[]> };
export type PageGlobals = {
  __seen: Seen;
  __firstStatus: Record<string, string>;
  __sockets: WebSocket[];
  __blockRealtime: boolean;
  xssRan?: unknown;
  __sameDocument?: boolean;
};

export async function videoIdFor(page: Page, topic: string): Promise<string> {
  const handle = await page.waitForFunction(
    (wanted) => [...document.querySelectorAll<HTMLElement>('.video-item')].find((li) => li.querySelector('.video-link')?.textContent === wanted)?.dataset.videoId,
    topic,
  );
  return String(await handle.jsonValue());
}

export async function createFromForm(page: Page, topic: string, scenes: number): Promise<string> {
  await page.fill('#new-topic', topic);
  if (!(await page.locator('details.advanced').evaluate((d) => (d as HTMLDetailsElement).open))) await page.click('details.advanced > summary');
  await page.fill('#new-max_scenes', String(scenes));
  await page.click('form.video-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('.video-form .form-status')?.textContent?.startsWith('Video queued'));
  return videoIdFor(page, topic);
}

/** Record, inside the page, every progress value and status the video page shows. */
export async function recordVideoPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __seen: Seen };
    const seen: Seen = { progress: [], video: [], scenes: {} };
    w.__seen = seen;
    const push = <T>(list: T[], value: T | undefined) => {
      if (value !== undefined && list[list.length - 1] !== value) list.push(value);
    };
    const record = () => {
      const article = document.querySelector<HTMLElement>('.video-page');
      const bar = article?.querySelector('.video-body > .progress');
      const now = bar?.getAttribute('aria-valuenow');
      if (now != null) push(seen.progress, Number(now));
      push(seen.video, article?.dataset.status);
      for (const card of document.querySelectorAll<HTMLElement>('.scene-card')) {
        push((seen.scenes[card.id] ??= []), card.dataset.status);
      }
    };
    new MutationObserver(record).observe(document.getElementById('main')!, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow', 'data-status'],
    });
    record();
  });
}

export const seen = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);

export async function openVideo(page: Page, id: string): Promise<void> {
  await page.click(`.video-item[data-video-id="${id}"] .video-link`);
  await page.waitForSelector(`.video-page[data-video-id="${id}"][data-status]`);
}
