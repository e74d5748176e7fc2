import type { SceneStatus, VideoStatus } from '../domain/status.js';

/**
 * The one status each single-stage function acts on. Its pre-filter (in `main.ts`, before the
 * handler loads) and its handler's guard both read it from here. Type-only imports keep this
 * module free of dependencies, so the light `main.js` bundle stays light.
 */
export const servedStatus = {
  'plan-video': 'queued',
  'code-scene': 'planned',
  'render-scene': 'coded',
} as const satisfies Record<string, VideoStatus | SceneStatus>;

export type StageFunction = keyof typeof servedStatus;

/** The pre-filter `entry` takes: does this event's row, as written, carry the served status? */
export function isServed(fn: StageFunction): (row: Record<string, unknown>) => boolean {
  return (row) => row.status === servedStatus[fn];
}

/** The stage function that acts on a row in `status`, if any: `servedStatus` read backwards. */
export function stageServing(status: string): StageFunction | undefined {
  return (Object.keys(servedStatus) as StageFunction[]).find((fn) => servedStatus[fn] === status);
}
