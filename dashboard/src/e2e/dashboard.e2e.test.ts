import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, TablesDB } from 'node-appwrite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { launchChromium, socketControlScript } from './browser.js';
import { buildDashboard, dashboardDir } from './build-dashboard.js';
import { createFromForm, openVideo, recordVideoPage, seen, type PageGlobals } from './dashboard-page.js';
import { FAILING_TOPIC } from './failing-topic.js';

// The shared local stack from infra/testing/global-setup.ts, read through a schema so this
// suite does not depend on how the setup declares its provided values.
const Stack = z.object({ endpoint: z.string(), apiKey: z.string(), projectId: z.string(), origin: z.string().optional() });
const stack = Stack.parse((inject as (key: string) => unknown)('stack'));
const origin = stack.origin ?? new URL(stack.endpoint).origin;
const screenshots = join(dashboardDir, '..', 'docs', 'screenshots');

// A real topic: this video's page and the list are the README's screenshots.
const GOOD_TOPIC = 'How the Pythagorean theorem works';
// Markup that would run if the dashboard ever parsed a user's text as HTML.
const MARKUP = '<script>window.xssRan = 1</script><img src=x onerror="window.xssRan = 1"> Right triangles';
const RENDER_TIMEOUT = 240_000;

let browser: Browser;
let page: Page;
let goodId = '';
let failingId = '';
let bundle = { jsBytes: 0, jsGzipBytes: 0 };

describe('dashboard in Chromium against the local stack', () => {
  beforeAll(async () => {
    bundle = await buildDashboard();
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.addInitScript(socketControlScript);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => console.error('[page error]', error.message));
    await page.goto(origin);
    await page.waitForSelector('body[data-ready="true"]');
    await page.evaluate(() => {
      (window as unknown as PageGlobals).__sameDocument = true;
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('ships a production bundle within 150 kB of gzipped JavaScript', () => {
    console.log(`dashboard bundle: ${(bundle.jsBytes / 1024).toFixed(1)} kB JS, ${(bundle.jsGzipBytes / 1024).toFixed(1)} kB gzipped`);
    expect(bundle.jsGzipBytes).toBeGreaterThan(0);
    expect(bundle.jsGzipBytes).toBeLessThanOrEqual(150 * 1024);
  });

  it('signs in anonymously and explains what is wrong with the form input', async () => {
    await expect(page.textContent('.account summary')).resolves.toContain('Guest');
    await page.fill('#new-topic', 'ab');
    await page.click('form.video-form button[type=submit]');
    await expect(page.textContent('#new-topic-error')).resolves.toBe('Give the topic at least 3 characters.');
    await expect(page.getAttribute('#new-topic', 'aria-invalid')).resolves.toBe('true');
    // The invalid field takes focus, so a keyboard user lands where the fix is needed.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('new-topic');
  });

  it('reaches the form, its button and the account menu with the keyboard alone', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached: string[] = [];
    for (let i = 0; i < 14; i += 1) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${el.className.split(' ')[0]}` : ''}` : '';
      }));
    }
    expect(reached).toEqual(expect.arrayContaining(['a.skip-link', 'summary', 'input#new-topic', 'textarea#new-description', 'select#new-quality', 'button.primary']));
  });

  it('creates videos from the form; each appears at once as queued, newest first', async () => {
    await page.evaluate(() => {
      const w = (window as unknown as PageGlobals);
      w.__firstStatus = {};
      new MutationObserver(() => {
        for (const li of document.querySelectorAll<HTMLElement>('.video-item')) {
          const id = li.dataset.videoId!;
          if (!(id in w.__firstStatus)) w.__firstStatus[id] = li.dataset.status!;
        }
      }).observe(document.getElementById('main')!, { subtree: true, childList: true });
    });
    failingId = await createFromForm(page, FAILING_TOPIC, 2);
    goodId = await createFromForm(page, GOOD_TOPIC, 2);
    const first = await page.evaluate(() => (window as unknown as PageGlobals).__firstStatus);
    expect(first[goodId]).toBe('queued');
    expect(first[failingId]).toBe('queued');
    const order = await page.$$eval('.video-item', (items) => items.map((li) => (li as HTMLElement).dataset.videoId));
    expect(order.indexOf(goodId)).toBeLessThan(order.indexOf(failingId));
  });

  it('follows the video live: the progress bar rises and scene cards change state without a reload', async () => {
    await openVideo(page, goodId);
    await recordVideoPage(page);
    // Keyboard and screen-reader users land on the new page's heading.
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('video-title');
    await page.waitForSelector('.video-page[data-status="completed"]', { timeout: RENDER_TIMEOUT });
    const record = await seen(page);
    // More than one value, never going back, ending full: the bar moved in front of us.
    expect(record.progress.length).toBeGreaterThan(1);
    expect(record.progress).toEqual([...record.progress].sort((a, b) => a - b));
    expect(record.progress.at(-1)).toBe(100);
    expect(record.video.at(-1)).toBe('completed');
    const cards = Object.keys(record.scenes).sort();
    expect(cards).toEqual(['scene-1', 'scene-2']);
    for (const id of cards) expect(record.scenes[id]!.at(-1)).toBe('rendered');
    // At least one card was seen in an earlier state and then changed in place.
    expect(Math.max(...cards.map((id) => record.scenes[id]!.length))).toBeGreaterThan(1);
    expect(await page.evaluate(() => (window as unknown as PageGlobals).__sameDocument)).toBe(true);
    await expect(page.textContent('.video-page h1')).resolves.toBe(GOOD_TOPIC);
  }, RENDER_TIMEOUT + 30_000);

  it("opens a scene's code, highlighted", async () => {
    await page.click('#scene-1 .scene-code > summary');
    await page.waitForSelector('#scene-1 .scene-code code .hljs-keyword');
    const code = await page.textContent('#scene-1 .scene-code code');
    expect(code).toMatch(/class \w+\(.*Scene\)/);
    expect(code).toContain('def construct(self)');
    // Only highlight spans inside: whatever the code says, it is text.
    const tags = await page.$$eval('#scene-1 .scene-code code *', (els) => [...new Set(els.map((e) => e.tagName))]);
    expect(tags).toEqual(['SPAN']);
  });

  it('plays the final video and offers it for download', async () => {
    const duration = await page.$eval('section.final video', async (el) => {
      const video = el as HTMLVideoElement;
      if (video.readyState < 1) await new Promise((ok, fail) => {
        video.addEventListener('loadedmetadata', ok, { once: true });
        video.addEventListener('error', () => fail(new Error(`media error ${video.error?.code}`)), { once: true });
      });
      video.muted = true;
      await video.play();
      return video.duration;
    });
    expect(duration).toBeGreaterThan(0);
    const download = await page.getAttribute('section.final a.download', 'href');
    expect(download).toMatch(/\/storage\/buckets\/finals\/files\/[^/]+\/download\?/);
    // It carries the file token the pipeline stored, so it works without the session too.
    expect(new URL(download!).searchParams.get('token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.screenshot({ path: join(screenshots, 'video-completed.png'), fullPage: true });
  });

  it("shows a user's text containing <script> as text, never as markup", async () => {
    // Written after the screenshot, so the README shows the real video; arrives through Realtime.
    const server = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey));
    await server.updateRow({ databaseId: 'studio', tableId: 'videos', rowId: goodId, data: { description: MARKUP } });
    await page.waitForFunction((text) => document.querySelector('.video-description')?.textContent === text, MARKUP, { timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as PageGlobals).xssRan)).toBeUndefined();
    expect(await page.locator('main script, main img[src="x"]').count()).toBe(0);
  });

  it('shows each scene\'s thumbnail as its clip\'s poster, the layout findings beside it, and the video\'s poster', async () => {
    const posters = await page.$$eval('.scene-card .scene-clip', (els) => els.map((el) => el.getAttribute('poster')));
    expect(posters.length).toBeGreaterThan(0);
    for (const poster of posters) {
      expect(poster).toMatch(/\/storage\/buckets\/thumbnails\/files\/[^/]+\/view\?/);
      expect(new URL(poster!).searchParams.get('project')).toBe(stack.projectId);
      expect(new URL(poster!).searchParams.get('token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    }
    expect(await page.getAttribute('section.final video', 'poster')).toBe(posters[0]);
    // The offline scenes are clean: every card says so next to its clip.
    const summaries = await page.$$eval('.scene-card .scene-layout:not([hidden]) summary', (els) => els.map((el) => el.textContent));
    expect(summaries).toEqual(posters.map(() => 'Layout: nothing found'));
    // The picture loads with this browser's session, as the clip does.
    const image = await page.evaluate(async (url) => {
      const res = await fetch(url!, { credentials: 'include' });
      return { status: res.status, type: res.headers.get('content-type') };
    }, posters[0]);
    expect(image).toEqual({ status: 200, type: 'image/png' });
  });

  it('re-runs one scene from its card; only that scene goes back through its states', async () => {
    await recordVideoPage(page);
    const rendersBefore = await page.textContent('#scene-1 .scene-meta');
    await page.click('#scene-1 .rerun-same-code');
    await page.waitForFunction(
      (before) => {
        const card = document.querySelector<HTMLElement>('#scene-1');
        return card?.dataset.status === 'rendered' && card.querySelector('.scene-meta')?.textContent !== before && document.querySelector<HTMLElement>('.video-page')?.dataset.status === 'completed';
      },
      rendersBefore,
      { timeout: RENDER_TIMEOUT },
    );
    const record = await seen(page);
    expect(record.scenes['scene-1']).toContain('coded');
    expect(record.scenes['scene-1']).toContain('rendering');
    expect(record.scenes['scene-1']!.at(-1)).toBe('rendered');
    expect(record.scenes['scene-2']).toEqual(['rendered']);
    expect(await page.evaluate(() => (window as unknown as PageGlobals).__sameDocument)).toBe(true);
  }, RENDER_TIMEOUT + 30_000);

  it('reconnects after the Realtime connection drops and catches up on what changed meanwhile', async () => {
    await page.evaluate(() => {
      const w = (window as unknown as PageGlobals);
      w.__blockRealtime = true;
      for (const socket of w.__sockets) socket.close();
    });
    await page.waitForSelector('.connection[data-state="reconnecting"]');
    const edited = 'Edited while the dashboard was offline';
    const server = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey));
    await server.updateRow({ databaseId: 'studio', tableId: 'videos', rowId: goodId, data: { description: edited } });
    await sleep(1_500);
    expect(await page.textContent('.video-description')).not.toBe(edited);
    await page.evaluate(() => {
      (window as unknown as PageGlobals).__blockRealtime = false;
    });
    await page.waitForSelector('.connection[data-state="live"]', { timeout: 30_000 });
    await page.waitForFunction((text) => document.querySelector('.video-description')?.textContent === text, edited, { timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as PageGlobals).__sameDocument)).toBe(true);
  });

  it("shows a failing scene's error, its full log, the failing scenes and the partial video", async () => {
    await page.click('.back a');
    await page.waitForSelector(`.video-item[data-video-id="${failingId}"][data-status="failed"]`, { timeout: RENDER_TIMEOUT });
    // The finished videos show their posters in the list (loaded, not just named).
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.video-item[data-status="completed"] img.video-poster')].some((img) => !img.hidden && img.complete && img.naturalWidth > 0));
    await page.screenshot({ path: join(screenshots, 'list.png'), fullPage: true });
    await openVideo(page, failingId);
    await page.waitForSelector('.video-page[data-status="failed"] section.failure:not([hidden])');
    const failedCard = page.locator('.scene-card[data-status="failed"]').first();
    const line = await failedCard.locator('.error-line').textContent();
    expect(line?.trim().length).toBeGreaterThan(0);
    await expect(page.textContent('.failing-scenes')).resolves.toContain(line!.trim().slice(0, 40));
    await failedCard.locator('.scene-log > summary').click();
    await page.waitForFunction(() => {
      const text = document.querySelector('.scene-card[data-status="failed"] .log-text')?.textContent ?? '';
      return text.length > 0 && !text.startsWith('Loading');
    });
    const log = (await failedCard.locator('.log-text').textContent()) ?? '';
    expect(log.length).toBeGreaterThanOrEqual(line!.trim().length);
    await expect(page.isVisible('.retry-video')).resolves.toBe(true);
    if (await page.isVisible('.partial video')) {
      const duration = await page.$eval('.partial video', (el) => {
        const video = el as HTMLVideoElement;
        return video.readyState >= 1 ? video.duration : new Promise<number>((ok) => video.addEventListener('loadedmetadata', () => ok(video.duration), { once: true }));
      });
      expect(duration).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(screenshots, 'video-failed.png'), fullPage: true });
  }, RENDER_TIMEOUT + 30_000);

  it('retries a failed video: only its failed scene runs again, and the video ends where the scene does', async () => {
    await recordVideoPage(page);
    const failedCard = page.locator('.scene-card[data-status="failed"]').first();
    const cardId = (await failedCard.getAttribute('id'))!;
    const metaBefore = await failedCard.locator('.scene-meta').textContent();
    await page.click('.retry-video');
    // The fake model keeps writing failing code for this scene, so it fails again, after new renders.
    await page.waitForFunction(
      ({ id, before }) => {
        const card = document.getElementById(id);
        return card?.dataset.status === 'failed' && card.querySelector('.scene-meta')?.textContent !== before && document.querySelector<HTMLElement>('.video-page')?.dataset.status === 'failed';
      },
      { id: cardId, before: metaBefore },
      { timeout: RENDER_TIMEOUT },
    );
    const record = await seen(page);
    expect(record.scenes[cardId]).toContain('planned');
    expect(record.scenes[cardId]).toContain('rendering');
    expect(record.video).toContain('rendering');
    for (const [id, states] of Object.entries(record.scenes)) if (id !== cardId) expect(states).toEqual(['rendered']);
  }, RENDER_TIMEOUT + 30_000);

  it('cancels a running video from its page; it stays cancelled and offers a restart', async () => {
    await page.click('.back a');
    const id = await createFromForm(page, 'Cancelled before it finished', 1);
    await openVideo(page, id);
    await page.click('.cancel-video');
    await page.waitForSelector('.video-page[data-status="cancelled"]');
    // Whatever the pipeline was doing, it must not move a cancelled video on.
    await sleep(3_000);
    await expect(page.getAttribute('.video-page', 'data-status')).resolves.toBe('cancelled');
    await expect(page.textContent('.retry-video')).resolves.toBe('Start again');
    await expect(page.isVisible('.cancel-video')).resolves.toBe(false);
  });

  it('signs up with email and password in another browser, which sees none of the guest’s videos', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      const other = await context.newPage();
      other.setDefaultTimeout(20_000);
      await other.goto(origin);
      await other.waitForSelector('body[data-ready="true"]');
      await other.click('.account > summary');
      await other.fill('#account-email', `viewer-${Date.now()}@example.test`);
      await other.fill('#account-password', 'correct horse battery');
      await Promise.all([other.waitForEvent('load'), other.click('.account-form button[type=button]')]);
      await other.waitForSelector('body[data-ready="true"]');
      await expect(other.textContent('.account .who')).resolves.toMatch(/^viewer-\d+@example\.test$/);
      await other.waitForSelector('.connection[data-state="live"]');
      expect(await other.locator('.video-item').count()).toBe(0);
      await expect(other.isVisible('.videos .empty')).resolves.toBe(true);
      // A direct link to someone else's video says it cannot be shown, and shows nothing of it.
      await other.goto(`${origin}/#/videos/${goodId}`);
      await other.waitForSelector('.video-page h1:text("Video not found")');
      expect(await other.textContent('main')).not.toContain('Right triangles');
      await Promise.all([other.waitForEvent('load'), other.click('.account button:text("Sign out")')]);
      await other.waitForSelector('body[data-ready="true"]');
      await expect(other.textContent('.account > summary')).resolves.toContain('Guest');
    } finally {
      await context.close();
    }
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.setViewportSize({ width: 375, height: 740 });
    // The failed video's page, with its long log open, is the widest thing we show.
    await page.goto(`${origin}/#/videos/${failingId}`);
    await page.waitForSelector('.video-page[data-status="failed"]');
    await page.$eval('.scene-card[data-status="failed"] .scene-log', (details) => {
      (details as HTMLDetailsElement).open = true;
    });
    await page.waitForFunction(() => (document.querySelector('.scene-card[data-status="failed"] .log-text')?.textContent ?? '').length > 20);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.click('.back a');
    await page.waitForSelector('.video-item');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshots, 'list-phone.png'), fullPage: true });
  });

});
