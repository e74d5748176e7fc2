import type { Backend } from './backend.js';
import type { LiveRows } from './live-rows.js';
import type { Who } from './session.js';

/** What every view receives: the services, the live rows and who is signed in. */
export type AppContext = { backend: Backend; live: LiveRows; user: Who };

/** A mounted view: redraws from the live rows and lets go of its listeners when left. */
export type View = { element: HTMLElement; update(): void; dispose?(): void };
