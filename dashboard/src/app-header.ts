import type { AppContext } from './app-context.js';
import { errorText } from './backend.js';
import { h, setText } from './element.js';
import { POLL_EVERY_MS, type Connection } from './live-rows.js';
import { signIn, signOut, signUp } from './session.js';

const connectionText: Record<Connection, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Not live — retrying…',
  polling: `Polling — updates every ${POLL_EVERY_MS / 1000} s`,
};

/** Brand, live-connection state and the account menu. */
export function appHeader(app: AppContext): { element: HTMLElement; update(): void } {
  const connection = h('span', { class: 'connection', role: 'status' });
  const message = h('p', { class: 'form-status', role: 'status' });
  // A new identity needs a fresh Realtime socket and fresh rows; a reload gives both.
  const after = (work: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    setText(message, 'One moment…');
    try {
      await work();
      location.reload();
    } catch (error) {
      setText(message, errorText(error));
    }
  };

  let account: HTMLElement;
  if (app.user.anonymous) {
    const email = h('input', { type: 'email', id: 'account-email', autocomplete: 'username', required: true });
    const password = h('input', { type: 'password', id: 'account-password', autocomplete: 'current-password', required: true, minlength: '8' });
    const createAccount = after(() => signUp(app.backend, email.value, password.value));
    const form = h(
      'form',
      { class: 'account-form', onsubmit: after(() => signIn(app.backend, email.value, password.value)) },
      h('p', { class: 'hint' }, 'You are using a guest account on this browser. Sign in to keep your videos across devices.'),
      h('div', { class: 'field' }, h('label', { for: 'account-email' }, 'Email'), email),
      h('div', { class: 'field' }, h('label', { for: 'account-password' }, 'Password (8+ characters)'), password),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
        h('button', { type: 'button', onclick: (e: Event) => (form.reportValidity() ? createAccount(e) : undefined) }, 'Create account'),
      ),
      message,
    );
    account = h('details', { class: 'account' }, h('summary', {}, 'Guest · Sign in'), form);
  } else {
    account = h(
      'div',
      { class: 'account' },
      h('span', { class: 'who' }, app.user.label),
      h('button', { type: 'button', onclick: after(() => signOut(app.backend)) }, 'Sign out'),
      message,
    );
  }

  const element = h('div', { class: 'header-inner' }, h('a', { class: 'brand', href: '#/' }, 'Explainer studio'), h('nav', { class: 'app-nav' }, h('a', { href: '#/stats' }, 'Statistics'), h('a', { href: '#/webhooks' }, 'Webhooks')), connection, account);
  function update(): void {
    setText(connection, connectionText[app.live.connection]);
    connection.dataset.state = app.live.connection;
  }
  update();
  return { element, update };
}
