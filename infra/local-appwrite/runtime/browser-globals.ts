import { WebSocket } from 'ws';

// What the web SDK expects from a browser, for tests that drive it from Node 20: `window`
// (timers, localStorage for the X-Fallback-Cookies session) and a WebSocket class.
const store = new Map<string, string>();
const localStorage = {
  getItem: (key: string) => store.get(key) ?? null,
  setItem: (key: string, value: string) => void store.set(key, value),
  removeItem: (key: string) => void store.delete(key),
  clear: () => store.clear(),
};

const g = globalThis as Record<string, unknown>;
g.window ??= globalThis;
g.localStorage ??= localStorage;
g.WebSocket ??= WebSocket;
