import type { AppContext, View } from './app-context.js';
import { BUCKETS } from './backend.js';
import { batchSummaries, batchText } from './batches.js';
import { h, setChildren, setText } from './element.js';
import { formatTime, withEta } from './format.js';
import { fileLinks, syncImage } from './media.js';
import { progressBar, type ProgressBar } from './progress-bar.js';
import { byNewestFirst, type VideoRow } from './rows.js';
import { statusBadge, updateBadge } from './status-badge.js';
import { videoStage, videoStatusView } from './status-view.js';
import { videoForm } from './video-form.js';

type Item = { element: HTMLLIElement; link: HTMLAnchorElement; badge: HTMLSpanElement; bar: ProgressBar; meta: HTMLElement; stage: HTMLElement; poster: HTMLImageElement };

function listItem(video: VideoRow): Item {
  const link = h('a', { class: 'video-link', href: `#/videos/${encodeURIComponent(video.$id)}` });
  const badge = statusBadge(videoStatusView[video.status]);
  const bar = progressBar('Progress');
  const stage = h('span', { class: 'stage' });
  const meta = h('span', { class: 'times' });
  // Decorative: the link beside it already names the video.
  const poster = h('img', { class: 'video-poster', alt: '', loading: 'lazy', width: 160, height: 90, hidden: true });
  const element = h(
    'li',
    { class: 'video-item', 'data-video-id': video.$id },
    poster,
    h('div', { class: 'video-item-body' },
      h('div', { class: 'video-item-head' }, link, badge),
      bar.element,
      h('p', { class: 'video-item-meta' }, stage, meta)),
  );
  return { element, link, badge, bar, meta, stage, poster };
}

function updateItem(app: AppContext, item: Item, video: VideoRow): void {
  setText(item.link, video.topic);
  syncImage(item.poster, fileLinks(app.backend, BUCKETS.thumbnails, video.poster_file_id, video.poster_url)?.view ?? null);
  item.element.dataset.status = video.status;
  updateBadge(item.badge, videoStatusView[video.status]);
  const stage = videoStage(video);
  item.bar.element.setAttribute('aria-label', `Progress of “${video.topic}”`);
  item.bar.set(video.progress, stage);
  setText(item.stage, withEta(stage, video));
  const finished = video.finished_at ? ` · finished ${formatTime(video.finished_at)}` : '';
  setText(item.meta, ` · created ${formatTime(video.$createdAt)}${finished}`);
}

/** The home view: the new-video form and the user's videos, newest first, kept live. */
export function videoListView(app: AppContext): View {
  const list = h('ul', { class: 'video-list', 'aria-labelledby': 'videos-heading' });
  const empty = h('p', { class: 'empty', role: 'status' });
  const items = new Map<string, Item>();
  const batchList = h('ul', { class: 'batch-list' });
  const batches = h('section', { class: 'batches', hidden: true, 'aria-labelledby': 'batches-heading' }, h('h2', { id: 'batches-heading' }, 'Batches'), batchList);
  const element = h(
    'div',
    { class: 'list-view' },
    videoForm(app),
    batches,
    h('section', { class: 'videos' }, h('h2', { id: 'videos-heading', tabindex: '-1' }, 'Your videos'), empty, list),
  );

  function updateBatches(): void {
    const summaries = batchSummaries(app.live.videos.values()).slice(0, 5);
    batches.hidden = summaries.length === 0;
    setChildren(batchList, ...summaries.map((b) => {
      const bar = progressBar(`Progress of the batch of ${b.total}`);
      bar.set(b.progress, batchText(b));
      return h('li', { class: 'batch-item', 'data-batch-id': b.batchId }, h('p', {}, batchText(b)), bar.element);
    }));
  }

  function update(): void {
    updateBatches();
    const videos = [...app.live.videos.values()].sort(byNewestFirst);
    const keep = new Set(videos.map((v) => v.$id));
    for (const [id, item] of items) {
      if (!keep.has(id)) {
        item.element.remove();
        items.delete(id);
      }
    }
    videos.forEach((video, index) => {
      let item = items.get(video.$id);
      if (!item) {
        item = listItem(video);
        items.set(video.$id, item);
      }
      updateItem(app, item, video);
      // Move only what is out of place, so focus inside an item survives a redraw.
      if (list.children[index] !== item.element) list.insertBefore(item.element, list.children[index] ?? null);
    });
    empty.hidden = videos.length > 0;
    setText(empty, app.live.loaded ? 'No videos yet. Describe a topic above and the first one starts in seconds.' : 'Loading your videos…');
  }

  update();
  return { element, update };
}
