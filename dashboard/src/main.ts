import './style.css';
import type { AppContext, View } from './app-context.js';
import { appHeader } from './app-header.js';
import { connect, errorText } from './backend.js';
import { loadConfig } from './config.js';
import { h, setChildren } from './element.js';
import { LiveRows } from './live-rows.js';
import { parseRoute } from './route.js';
import { ensureSession } from './session.js';
import { videoListView } from './video-list.js';
import { videoPageView } from './video-page.js';
import { webhooksPageView } from './webhooks-page.js';
import { statsPageView } from './stats-page.js';

const main = document.getElementById('main')!;
const header = document.getElementById('app-header')!;

async function start(): Promise<void> {
  const backend = connect(await loadConfig());
  const user = await ensureSession(backend);
  const live = new LiveRows(backend);
  const app: AppContext = { backend, live, user };
  const top = appHeader(app);
  setChildren(header, top.element);

  let view: View | null = null;
  let firstRoute = true;
  function show(): void {
    view?.dispose?.();
    const route = parseRoute(location.hash);
    view = route.name === 'video' ? videoPageView(app, route.videoId) : route.name === 'webhooks' ? webhooksPageView(app) : route.name === 'stats' ? statsPageView(app) : videoListView(app);
    setChildren(main, view.element);
    document.title = route.name === 'video' ? 'Video · Explainer studio' : route.name === 'webhooks' ? 'Webhooks · Explainer studio' : route.name === 'stats' ? 'Statistics · Explainer studio' : 'Explainer studio';
    // Keyboard and screen-reader users land on the new page's heading, not at the top.
    if (!firstRoute) view.element.querySelector<HTMLElement>('h1[tabindex], h2[tabindex]')?.focus();
    firstRoute = false;
  }
  live.onChange(() => {
    top.update();
    view?.update();
  });
  window.addEventListener('hashchange', show);
  show();
  await live.start();
  document.body.dataset.ready = 'true';
}

start().catch((error: unknown) => {
  setChildren(main, h('div', { class: 'fatal', role: 'alert' }, h('h1', {}, 'The dashboard could not start'), h('p', {}, errorText(error))));
});
