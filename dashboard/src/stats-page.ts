import { Query } from 'appwrite';
import type { AppContext, View } from './app-context.js';
import { BUCKETS, DATABASE_ID, errorText, TABLES } from './backend.js';
import { h, setChildren, setText } from './element.js';
import { studioStats, type Spread, type StatsScene, type StatsVideo, type StudioStats } from '../../shared/src/stats/studio-stats.js';

const PAGE = 100;

/** Every row or file this user may read, page by page. */
async function readAll<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; last: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const { items, last } = await page(cursor);
    out.push(...items);
    if (items.length < PAGE) return out;
    cursor = last;
  }
}

const cursorQueries = (cursor: string | undefined) => [Query.limit(PAGE), ...(cursor ? [Query.cursorAfter(cursor)] : [])];
const secs = (s: Spread) => (s.count ? `${s.p50?.toFixed(1)} s / ${s.p90?.toFixed(1)} s` : '—');
const table = (head: string[], rows: (string | number)[][]) =>
  h('table', { class: 'stats-table' }, h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, String(c)))))));

/** The signed-in user's figures, from the rows and files this user can read (the same function as `explainer stats`). */
export function statsPageView(app: AppContext): View {
  const { tables, storage } = app.backend;
  const status = h('p', { class: 'form-status', role: 'status' }, 'Counting…');
  const body = h('div', { class: 'stats-body' });

  function show(stats: StudioStats): void {
    setChildren(
      body,
      h('p', {}, `${stats.videos} videos · success rate ${stats.successRate === null ? '—' : `${(stats.successRate * 100).toFixed(1)} %`} · ${stats.renderSeconds.toFixed(0)} s of rendering · ${(stats.storageBytes / 1e6).toFixed(1)} MB stored`),
      h('h2', {}, 'Per day'), table(['Day', 'Created', 'Completed', 'Failed'], stats.perDay.slice(-14).map((d) => [d.day, d.created, d.completed, d.failed])),
      h('h2', {}, 'Time per stage (p50 / p90)'), table(['Stage', 'p50 / p90', 'Videos or scenes'], (Object.entries(stats.stageSeconds) as [string, Spread][]).map(([k, s]) => [k, secs(s), s.count])),
      h('h2', {}, 'Tokens and estimated cost'), table(['Provider', 'Model', 'Videos', 'Tokens in', 'Tokens out', 'Cost (USD)'], stats.usage.map((u) => [u.provider, u.model, u.videos, u.tokensIn, u.tokensOut, u.costUsd.toFixed(4)])),
      h('h2', {}, 'Commonest scene failures'), table(['Class', 'Scenes'], stats.failureClasses.map((f) => [f.errorClass, f.scenes])),
      h('h2', {}, 'Storage'), table(['Bucket', 'Files', 'MB'], stats.storage.map((b) => [b.bucketId, b.files, (b.bytes / 1e6).toFixed(2)])),
    );
  }

  async function load(): Promise<void> {
    try {
      const rows = (tableId: string) => readAll(async (cursor) => {
        const page = await tables.listRows({ databaseId: DATABASE_ID, tableId, queries: cursorQueries(cursor) });
        return { items: page.rows as unknown[], last: page.rows.at(-1)?.$id };
      });
      const files = Promise.all(Object.values(BUCKETS).map((bucketId) => readAll(async (cursor) => {
        const page = await storage.listFiles({ bucketId, queries: cursorQueries(cursor) });
        return { items: page.files.map((f) => ({ bucketId, sizeOriginal: f.sizeOriginal })), last: page.files.at(-1)?.$id };
      }))).then((lists) => lists.flat());
      const [videos, scenes, stored] = await Promise.all([rows(TABLES.videos), rows(TABLES.scenes), files]);
      show(studioStats(videos as StatsVideo[], scenes as StatsScene[], stored));
      setText(status, '');
    } catch (error) {
      setText(status, `Could not count: ${errorText(error)}`);
    }
  }
  const element = h('article', { class: 'stats-page' }, h('p', { class: 'back' }, h('a', { href: '#/' }, '← All videos')), h('h1', { tabindex: '-1' }, 'Statistics'), status, body);
  void load();
  return { element, update: () => undefined };
}
