import { ID, Permission, Query, Role } from 'appwrite';
import type { AppContext, View } from './app-context.js';
import { DATABASE_ID, errorText } from './backend.js';
import { h, setChildren, setText } from './element.js';
import { formatTime } from './format.js';
import { WebhookEvent } from '../../shared/src/webhooks/events.js';
import { newWebhookSecret, webhookInput } from './webhook-input.js';

type Hook = { $id: string; url: string; secret: string; events: string[]; enabled?: boolean | null };
type Delivery = { $id: string; $createdAt: string; $updatedAt: string; webhook_id: string; event: string; status: string; attempts?: number | null; last_status?: number | null; last_error?: string | null };

const HOOKS = 'webhooks';
const DELIVERIES = 'webhook_deliveries';

/** Endpoints of the signed-in user and their latest deliveries. Read on open and after each change. */
export function webhooksPageView(app: AppContext): View {
  const { tables } = app.backend;
  const url = h('input', { type: 'url', id: 'webhook-url', required: true, placeholder: 'https://example.com/hooks/explainer' });
  const boxes = WebhookEvent.options.map((event) => h('input', { type: 'checkbox', value: event, checked: true, id: `webhook-${event}` }));
  const status = h('p', { class: 'form-status', role: 'status' });
  const secretNote = h('p', { class: 'secret-note', hidden: true });
  const hookList = h('ul', { class: 'webhook-list' });
  const deliveryBody = h('tbody');
  const refresh = h('button', { type: 'button' }, 'Refresh');

  const form = h(
    'form',
    { class: 'webhook-form', onsubmit: (e: Event) => void add(e) },
    h('div', { class: 'field' }, h('label', { for: 'webhook-url' }, 'Endpoint URL'), url),
    h('fieldset', {}, h('legend', {}, 'Events'), ...boxes.map((box) => h('label', { class: 'check' }, box, ` ${box.value}`))),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add endpoint')),
    status,
    secretNote,
  );

  async function add(event: Event): Promise<void> {
    event.preventDefault();
    const input = webhookInput(url.value, boxes.filter((b) => b.checked).map((b) => b.value));
    if (!input.ok) return setText(status, input.message);
    const me = Role.user(app.user.id);
    const secret = newWebhookSecret();
    try {
      await tables.createRow({
        databaseId: DATABASE_ID, tableId: HOOKS, rowId: ID.unique(),
        data: { ...input.value, secret, owner: app.user.id, enabled: true },
        permissions: [Permission.read(me), Permission.update(me), Permission.delete(me)],
      });
      url.value = '';
      setText(status, 'Added.');
      secretNote.hidden = false;
      setText(secretNote, `Signing secret (also shown below): ${secret}`);
      await load();
    } catch (error) {
      setText(status, `That did not work: ${errorText(error)}`);
    }
  }

  async function remove(hook: Hook): Promise<void> {
    try {
      await tables.deleteRow({ databaseId: DATABASE_ID, tableId: HOOKS, rowId: hook.$id });
      await load();
    } catch (error) {
      setText(status, `That did not work: ${errorText(error)}`);
    }
  }

  function hookItem(hook: Hook): HTMLLIElement {
    return h(
      'li',
      { class: 'webhook-item', 'data-webhook-id': hook.$id },
      h('span', { class: 'webhook-url' }, hook.url),
      h('span', { class: 'webhook-events' }, hook.events.join(', ')),
      h('details', {}, h('summary', {}, 'Secret'), h('code', { class: 'webhook-secret' }, hook.secret)),
      h('button', { type: 'button', class: 'delete-webhook', onclick: () => void remove(hook) }, 'Delete'),
    );
  }

  function deliveryRow(d: Delivery, urls: Map<string, string>): HTMLTableRowElement {
    return h(
      'tr',
      { 'data-status': d.status },
      h('td', {}, formatTime(d.$createdAt)),
      h('td', {}, d.event),
      h('td', {}, urls.get(d.webhook_id) ?? '(deleted endpoint)'),
      h('td', { class: 'delivery-status' }, d.status),
      h('td', {}, String(d.attempts ?? 0)),
      h('td', {}, d.last_status ? String(d.last_status) : '—'),
      h('td', { class: 'delivery-error' }, d.last_error ?? ''),
    );
  }

  async function load(): Promise<void> {
    try {
      const [hooks, deliveries] = await Promise.all([
        tables.listRows({ databaseId: DATABASE_ID, tableId: HOOKS, queries: [Query.limit(100)] }),
        tables.listRows({ databaseId: DATABASE_ID, tableId: DELIVERIES, queries: [Query.orderDesc('$createdAt'), Query.limit(50)] }),
      ]);
      const list = hooks.rows as unknown as Hook[];
      setChildren(hookList, ...(list.length ? list.map(hookItem) : [h('li', { class: 'empty' }, 'No endpoints yet.')]));
      const urls = new Map(list.map((hk) => [hk.$id, hk.url]));
      setChildren(deliveryBody, ...(deliveries.rows as unknown as Delivery[]).map((d) => deliveryRow(d, urls)));
    } catch (error) {
      setText(status, `Could not load webhooks: ${errorText(error)}`);
    }
  }
  refresh.addEventListener('click', () => void load());

  const element = h(
    'article',
    { class: 'webhooks-page' },
    h('p', { class: 'back' }, h('a', { href: '#/' }, '← All videos')),
    h('h1', { tabindex: '-1' }, 'Webhooks'),
    h('p', { class: 'hint' }, 'Signed POSTs (Standard Webhooks) when your videos complete or fail and when a scene fails. Failed deliveries are retried with the same webhook-id.'),
    form,
    h('section', {}, h('h2', {}, 'Endpoints'), hookList),
    h(
      'section',
      {},
      h('h2', {}, 'Deliveries'),
      refresh,
      h('table', { class: 'deliveries' },
        h('thead', {}, h('tr', {}, ...['When', 'Event', 'Endpoint', 'Status', 'Attempts', 'Last answer', 'Last error'].map((t) => h('th', {}, t)))),
        deliveryBody),
    ),
  );
  void load();
  return { element, update: () => undefined };
}
