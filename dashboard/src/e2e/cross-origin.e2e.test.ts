import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Permission, Role, Storage, TablesDB, Users } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../infra/local-appwrite/server.js';
import { serveStatic } from '../../../infra/local-appwrite/static-files.js';
import { fileTokenSecret, withToken } from '../../../shared/src/appwrite/file-tokens.js';
import { createServices } from '../../../shared/src/appwrite/services.js';
import { fileViewUrl } from '../../../shared/src/appwrite/store.js';
import { ledgerKeys } from '../../../shared/src/domain/ids.js';
import { createAppwriteLedger } from '../../../shared/src/limits/appwrite-ledger.js';
import { launchChromium } from './browser.js';
import { buildDashboard, distDir } from './build-dashboard.js';

// The dashboard served from another site than the API (http://localhost:Q against
// http://127.0.0.1:P): the session lives in the SDK's fallback cookies, which a `<video>` and a
// download link cannot send, and the API's session cookie is SameSite and cross-site here. An
// owner-only video must still play: its URL carries the file token the pipeline stored.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let stack: LocalStack;
let web: Server;
let webOrigin = '';
let dir: string;
let browser: Browser;

beforeAll(async () => {
  await buildDashboard();
  dir = mkdtempSync(join(tmpdir(), 'dashboard-cross-origin-'));
  // The project's schema without its functions: this test is about the browser, not the chain.
  const project = JSON.parse(readFileSync(join(repoRoot, 'appwrite.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'appwrite.json'), JSON.stringify({ ...project, functions: [] }));
  stack = await startLocalStack({ port: 0, dataDir: join(dir, 'data'), configPath: join(dir, 'appwrite.json'), quiet: true, schedules: false });
  const api = `http://127.0.0.1:${stack.port}/v1`;
  web = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ endpoint: api, projectId: stack.projectId }));
      return;
    }
    serveStatic(req, res, url, distDir);
  });
  await new Promise<void>((ok) => web.listen(0, '127.0.0.1', ok));
  webOrigin = `http://localhost:${(web.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (web ? web.close(() => ok()) : ok()));
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A one-second MP4, 160×120, made with ffmpeg. */
function tinyMp4(): Buffer {
  const path = join(dir, 'tiny.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=10', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path]);
  return readFileSync(path);
}

describe('dashboard on another site than the API', () => {
  it('signs in, and plays and links an owner-only video through its file token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(webOrigin);
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.textContent('.account summary')).resolves.toContain('Guest');
    // The session is in the SDK's fallback cookies: the API's cookie did not reach this site.
    expect(await page.evaluate(() => localStorage.getItem('cookieFallback'))).toContain('a_session_');

    const admin = new Client().setEndpoint(stack.endpoint).setProject(stack.projectId).setKey(stack.apiKey);
    const users = (await new Users(admin).list()).users;
    expect(users).toHaveLength(1);
    const userId = users[0]!.$id;

    // A completed video as the pipeline leaves it: an owner-only final, its URL with a token, the result recorded.
    const videoId = 'cross-site-video';
    const fileId = `final-${videoId}`;
    await new Storage(admin).createFile({ bucketId: 'finals', fileId, file: InputFile.fromBuffer(tinyMp4(), `${videoId}.mp4`), permissions: [Permission.read(Role.user(userId))] });
    const services = createServices({ endpoint: stack.endpoint, projectId: stack.projectId, key: stack.apiKey });
    const plain = fileViewUrl(stack.endpoint, stack.projectId, 'finals', fileId);
    await createAppwriteLedger(services, 'studio').record(ledgerKeys.result(videoId, fileId), { user: userId, kind: 'result', videoId, fileId });
    await new TablesDB(admin).createRow({
      databaseId: 'studio', tableId: 'videos', rowId: videoId,
      data: { topic: 'Played across sites', status: 'completed', owner: userId, progress: 100, scene_count: 0, combined_video_id: fileId, combined_video_url: withToken(plain, await fileTokenSecret(services.tokens, 'finals', fileId)) },
      permissions: [Permission.read(Role.user(userId))],
    });

    await page.goto(`${webOrigin}/#/videos/${videoId}`);
    await page.waitForSelector('section.final:not([hidden]) video[src]');
    const played = await page.$eval('section.final video', async (el) => {
      const video = el as HTMLVideoElement;
      if (video.readyState < 1) await new Promise((ok, fail) => {
        if (video.error) fail(new Error(`media error ${video.error.code}`));
        video.addEventListener('loadedmetadata', ok, { once: true });
        video.addEventListener('error', () => fail(new Error(`media error ${video.error?.code}`)), { once: true });
        setTimeout(() => fail(new Error(`the video did not load (media error ${video.error?.code ?? 'none'})`)), 15_000);
      });
      video.muted = true;
      await video.play();
      return { width: video.videoWidth, src: video.currentSrc };
    });
    expect(played.width).toBe(160);
    expect(new URL(played.src).host).toBe(`127.0.0.1:${stack.port}`);

    // The same file without the token does not play here: the token is what opens it.
    const untokened = new URL(played.src);
    untokened.searchParams.delete('token');
    const withoutToken = await page.evaluate((src) => new Promise<string>((ok) => {
      const video = document.createElement('video');
      video.muted = true;
      video.addEventListener('loadedmetadata', () => ok('played'), { once: true });
      video.addEventListener('error', () => ok(`error ${video.error?.code}`), { once: true });
      video.src = src;
    }), untokened.toString());
    expect(withoutToken).toMatch(/^error/);

    // The download link opens with no session at all, as a link followed in a new tab would.
    const download = await page.getAttribute('section.final a.download', 'href');
    const answer = await fetch(download!);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toContain('attachment');
    await context.close();
  }, 120_000);
});
