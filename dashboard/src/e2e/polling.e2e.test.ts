import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, TablesDB } from 'node-appwrite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../infra/local-appwrite/server.js';
import { launchChromium, socketControlScript } from './browser.js';
import { buildDashboard, distDir } from './build-dashboard.js';
import type { PageGlobals } from './dashboard-page.js';

// Self-hosted Appwrite 1.8.x closes the web SDK 28's Realtime socket at once (no channels in
// the URL: 1008 "Missing channels") and publishes no tablesdb channels. Against a stack
// started as 1.8.1, the dashboard must say it is polling and still show what changes.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let stack: LocalStack;
let dir: string;
let browser: Browser;

beforeAll(async () => {
  await buildDashboard();
  dir = mkdtempSync(join(tmpdir(), 'dashboard-polling-'));
  // The project's schema without its functions: this test is about the browser, not the chain.
  const project = JSON.parse(readFileSync(join(repoRoot, 'appwrite.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'appwrite.json'), JSON.stringify({ ...project, functions: [] }));
  stack = await startLocalStack({ port: 0, dataDir: join(dir, 'data'), configPath: join(dir, 'appwrite.json'), quiet: true, schedules: false, staticDir: distDir, appwriteVersion: '1.8.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dashboard against a 1.8-style Realtime', () => {
  it('shows a visible polling state and picks up a change made elsewhere without a reload', async () => {
    const context = await browser.newContext();
    await context.addInitScript(socketControlScript);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(stack.origin);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('.connection[data-state="polling"]');
    await expect(page.textContent('.connection')).resolves.toMatch(/^Polling/);
    // The socket was refused as a 1.8 server refuses it, and the SDK did not retry.
    const sockets = await page.evaluate(() => (window as unknown as PageGlobals).__sockets.map((s) => s.readyState));
    expect(sockets.length).toBeGreaterThan(0);
    expect(sockets.every((state) => state === 3)).toBe(true); // WebSocket.CLOSED

    const userId = await page.evaluate(async (endpoint) => {
      const answer = await fetch(`${endpoint}/account`, { credentials: 'include', headers: { 'X-Appwrite-Project': 'local' } });
      return ((await answer.json()) as { $id: string }).$id;
    }, stack.endpoint);
    const admin = new TablesDB(new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey));
    const topic = 'Written elsewhere while the page polls';
    const row = await admin.createRow({
      databaseId: 'studio', tableId: 'videos', rowId: 'polled-video',
      data: { topic, status: 'queued', owner: userId },
      permissions: [`read("user:${userId}")`, `update("user:${userId}")`],
    });
    await page.waitForSelector(`.video-item[data-video-id="${row.$id}"]`, { timeout: 15_000 });
    await expect(page.textContent(`.video-item[data-video-id="${row.$id}"] .video-link`)).resolves.toBe(topic);
    await context.close();
  }, 120_000);
});
