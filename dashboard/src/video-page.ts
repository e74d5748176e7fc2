import type { AppContext, View } from './app-context.js';
import { BUCKETS, errorText, readTextFile } from './backend.js';
import { h, setChildren, setText } from './element.js';
import { formatCost, formatCount, formatSeconds, formatTime, withEta } from './format.js';
import { secondsBetween } from '../../shared/src/stats/summary.js';
import { fileLinks, syncPlayer, syncPoster } from './media.js';
import { progressBar } from './progress-bar.js';
import { cancelVideo, retryVideo, type RowUpdate } from '../../shared/src/domain/user-actions.js';
import { applyUpdates, deleteVideo } from './row-writes.js';
import type { SceneRow, VideoRow } from './rows.js';
import { SceneCard } from './scene-card.js';
import { statusBadge, updateBadge } from './status-badge.js';
import { videoStage, videoStatusView } from './status-view.js';
import { tracebackTail } from './traceback.js';

function player(label: string): HTMLVideoElement {
  return h('video', { controls: true, preload: 'metadata', playsinline: true, 'aria-label': label });
}

/**
 * The video's WebVTT captions as a `<track>`. The file is read through the SDK (so the
 * session applies on any domain) and handed over as a `text/vtt` blob, whatever type the
 * server stored it with. Only a changed file is fetched again.
 */
async function syncCaptions(app: AppContext, video: HTMLVideoElement, fileId: string | null | undefined): Promise<void> {
  const current = video.querySelector('track');
  if ((current?.dataset.fileId ?? null) === (fileId ?? null)) return;
  if (current) {
    URL.revokeObjectURL(current.src);
    current.remove();
  }
  if (!fileId) return;
  const text = await readTextFile(app.backend, BUCKETS.finals, fileId);
  const track = h('track', { kind: 'captions', srclang: 'en', label: 'English', default: true });
  track.dataset.fileId = fileId;
  track.src = URL.createObjectURL(new Blob([text], { type: 'text/vtt' }));
  video.append(track);
}

/** The video page: progress, stage, scenes, the result (or what failed), usage and timings. */
export function videoPageView(app: AppContext, videoId: string): View {
  const title = h('h1', { class: 'video-title', tabindex: '-1' }, 'Loading…');
  const description = h('p', { class: 'video-description' });
  const badge = statusBadge(videoStatusView.queued);
  // Stage changes are few and worth hearing; scene-level changes are not announced.
  const stage = h('span', { class: 'stage', role: 'status' });
  const bar = progressBar('Overall progress');
  const current = h('p', { class: 'current-scene' });
  const cancel = h('button', { type: 'button', class: 'cancel-video' }, 'Cancel video');
  const retry = h('button', { type: 'button', class: 'retry-video primary' }, 'Retry failed scenes');
  const remove = h('button', { type: 'button', class: 'delete-video' }, 'Delete video');
  const actionStatus = h('p', { class: 'action-status', role: 'status' });

  const finalPlayer = player('Final video');
  const finalDownload = h('a', { class: 'download', download: '' }, 'Download MP4');
  const finalSection = h('section', { class: 'final', hidden: true }, h('h2', {}, 'Final video'), finalPlayer, h('p', {}, finalDownload));

  const failureText = h('p', { class: 'video-error' });
  const failingList = h('ul', { class: 'failing-scenes' });
  const partialPlayer = player('Partial video (the scenes that rendered)');
  const partialDownload = h('a', { class: 'download', download: '' }, 'Download the partial MP4');
  const partialBox = h('div', { class: 'partial', hidden: true }, h('h3', {}, 'Partial video'), partialPlayer, h('p', {}, partialDownload));
  const failureSection = h(
    'section',
    { class: 'failure', hidden: true, 'aria-labelledby': 'failure-heading' },
    h('h2', { id: 'failure-heading' }, 'What went wrong'),
    failureText,
    failingList,
    partialBox,
  );

  const sceneList = h('ol', { class: 'scene-list' });
  const noScenes = h('p', { class: 'empty' }, 'The scenes appear here once the plan is ready.');
  const facts = h('dl', { class: 'facts' });
  const missing = h('p', { class: 'empty', hidden: true }, 'This video does not exist, or it belongs to another account.');

  const body = h(
    'div',
    { class: 'video-body' },
    description,
    h('div', { class: 'video-status' }, badge, stage),
    bar.element,
    current,
    h('div', { class: 'video-actions' }, cancel, retry, remove, actionStatus),
    finalSection,
    failureSection,
    h('section', { class: 'scenes', 'aria-labelledby': 'scenes-heading' }, h('h2', { id: 'scenes-heading' }, 'Scenes'), noScenes, sceneList),
    h('section', { class: 'details', 'aria-labelledby': 'details-heading' }, h('h2', { id: 'details-heading' }, 'Details'), facts),
  );
  const element = h(
    'article',
    { class: 'video-page', 'data-video-id': videoId },
    h('p', { class: 'back' }, h('a', { href: '#/' }, '← All videos')),
    title,
    missing,
    body,
  );

  const cards = new Map<string, SceneCard>();
  let loaded = false;

  async function act(updates: RowUpdate[], busy: string): Promise<void> {
    if (updates.length === 0) return;
    cancel.disabled = retry.disabled = true;
    setText(actionStatus, busy);
    try {
      await applyUpdates(app.backend, app.live, updates);
      setText(actionStatus, '');
    } catch (error) {
      setText(actionStatus, `That did not work: ${errorText(error)}`);
    }
    update();
  }
  cancel.addEventListener('click', () => {
    const video = app.live.videos.get(videoId);
    const action = video ? cancelVideo(video) : null;
    if (action?.ok) void act([action.update], 'Cancelling…');
  });
  remove.addEventListener('click', () => {
    if (!window.confirm('Delete this video, its scenes and all of its files? This cannot be undone.')) return;
    remove.disabled = true;
    setText(actionStatus, 'Deleting…');
    deleteVideo(app.backend, app.live, videoId)
      .then(() => { window.location.hash = '#/'; })
      .catch((error: unknown) => {
        remove.disabled = false;
        setText(actionStatus, `That did not work: ${errorText(error)}`);
      });
  });
  retry.addEventListener('click', () => {
    const video = app.live.videos.get(videoId);
    if (video) void act(retryVideo(video, app.live.scenesOf(videoId)), 'Starting again…');
  });

  function updateScenes(video: VideoRow, scenes: SceneRow[]): void {
    const keep = new Set(scenes.map((s) => s.$id));
    for (const [id, card] of cards) {
      if (!keep.has(id)) {
        card.element.remove();
        cards.delete(id);
      }
    }
    scenes.forEach((scene, index) => {
      let card = cards.get(scene.$id);
      if (!card) {
        card = new SceneCard(app, scene);
        cards.set(scene.$id, card);
      }
      card.update(scene, video);
      if (sceneList.children[index] !== card.element) sceneList.insertBefore(card.element, sceneList.children[index] ?? null);
    });
    noScenes.hidden = scenes.length > 0;
  }

  function updateResult(video: VideoRow, scenes: SceneRow[]): void {
    const final = video.status === 'completed' ? fileLinks(app.backend, BUCKETS.finals, video.combined_video_id, video.combined_video_url) : null;
    finalSection.hidden = !final;
    syncPlayer(finalPlayer, final?.view ?? null);
    const poster = fileLinks(app.backend, BUCKETS.thumbnails, video.poster_file_id, video.poster_url)?.view ?? null;
    syncPoster(finalPlayer, poster);
    syncPoster(partialPlayer, poster);
    void syncCaptions(app, finalPlayer, final ? video.captions_file_id : null).catch(() => undefined);
    if (final) finalDownload.href = final.download;

    const failed = video.status === 'failed';
    failureSection.hidden = !failed;
    if (!failed) return syncPlayer(partialPlayer, null);
    setText(failureText, video.error_message ? tracebackTail(video.error_message) : 'The video stopped before it finished.');
    const failing = scenes.filter((s) => s.status === 'failed');
    setChildren(
      failingList,
      ...failing.map((s) =>
        h(
          'li',
          {},
          h('a', { href: `#/videos/${encodeURIComponent(videoId)}`, onclick: (e: Event) => focusScene(e, s.scene_number) }, `Scene ${s.scene_number}${s.title ? `: ${s.title}` : ''}`),
          s.error_message ? ` — ${tracebackTail(s.error_message)}` : '',
        ),
      ),
    );
    const partial = fileLinks(app.backend, BUCKETS.finals, video.partial_video_id, video.partial_video_url);
    partialBox.hidden = !partial;
    syncPlayer(partialPlayer, partial?.view ?? null);
    void syncCaptions(app, partialPlayer, partial ? video.captions_file_id : null).catch(() => undefined);
    if (partial) partialDownload.href = partial.download;
  }

  function focusScene(event: Event, sceneNumber: number): void {
    // Hash routing owns the fragment, so jump to the card by hand.
    event.preventDefault();
    const card = element.querySelector<HTMLElement>(`#scene-${sceneNumber}`);
    card?.scrollIntoView({ block: 'start' });
    card?.querySelector<HTMLElement>('button, summary')?.focus();
  }

  function updateFacts(video: VideoRow): void {
    const total = secondsBetween(video.$createdAt, video.finished_at);
    const rows: [string, string][] = [
      ['Made by', video.provider_used ? `${video.provider_used}${video.model ? ` (${video.model})` : ''}` : `${video.provider ?? 'auto'} (not chosen yet)`],
      ['Quality', `${video.quality ?? 'preview'}, ${video.aspect_ratio ?? '16:9'}`],
      ['Tokens', `${formatCount(video.tokens_in)} in · ${formatCount(video.tokens_out)} out`],
      ['Estimated cost', formatCost(video.cost_usd)],
      ['Created', formatTime(video.$createdAt)],
      ['Planned', formatTime(video.planned_at)],
      ['Finished', formatTime(video.finished_at)],
      ['Total time', formatSeconds(total)],
      ['Rendering time', formatSeconds(video.render_seconds)],
      ['Video length', formatSeconds(video.duration_seconds)],
    ];
    setChildren(facts, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
  }

  function update(): void {
    const video = app.live.videos.get(videoId);
    missing.hidden = !loaded || Boolean(video);
    body.hidden = !video;
    if (!video) {
      setText(title, loaded ? 'Video not found' : 'Loading…');
      return;
    }
    const scenes = app.live.scenesOf(videoId);
    element.dataset.status = video.status;
    setText(title, video.topic);
    document.title = `${video.topic} · Explainer studio`;
    setText(description, video.description ?? '');
    description.hidden = !video.description;
    updateBadge(badge, videoStatusView[video.status]);
    const stageText = videoStage(video);
    setText(stage, withEta(stageText, video));
    bar.set(video.progress, stageText);
    const working = video.current_scene ? scenes.find((s) => s.scene_number === video.current_scene) : undefined;
    current.hidden = !video.current_scene || video.status !== 'rendering';
    setText(current, `Current scene: ${video.current_scene ?? ''}${working?.title ? ` — ${working.title}` : ''}`);
    cancel.hidden = !cancelVideo(video).ok;
    cancel.disabled = false;
    const retries = retryVideo(video, scenes);
    retry.hidden = retries.length === 0;
    retry.disabled = false;
    setText(retry, video.status === 'cancelled' ? 'Start again' : scenes.length === 0 ? 'Try again' : 'Retry failed scenes');
    updateResult(video, scenes);
    updateScenes(video, scenes);
    updateFacts(video);
  }

  let stopped = false;
  void app.live
    .watch(videoId)
    .catch((error: unknown) => setText(actionStatus, `Could not load this video: ${errorText(error)}`))
    .finally(() => {
      loaded = true;
      if (!stopped) update();
    });
  update();
  return {
    element,
    update,
    dispose() {
      stopped = true;
      void app.live.watch(null);
    },
  };
}
