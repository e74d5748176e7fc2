import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}

/**
 * Installed before the page's scripts: keeps every WebSocket the page opens, and while
 * `__blockRealtime` is set, points new ones at a closed port, so a test can drop the
 * Realtime connection and hold it down, as a network outage would.
 */
export const socketControlScript = `(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.__blockRealtime = false;
  class Controlled extends Native {
    constructor(url, protocols) {
      super(window.__blockRealtime ? String(url).replace(/\\/\\/[^/]+/, '//127.0.0.1:9') : url, protocols);
      window.__sockets.push(this);
    }
  }
  window.WebSocket = Controlled;
})();`;
