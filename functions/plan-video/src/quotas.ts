import type { FunctionConfig } from '../../../shared/src/appwrite/config.js';
import type { Ledger } from '../../../shared/src/limits/ledger.js';

type Quotas = FunctionConfig['quotas'];

/** The scene count a video may ask for. */
export function scenesRefusal(maxScenes: number, quotas: Quotas): string | null {
  if (maxScenes <= quotas.scenesPerVideo) return null;
  return `A video may have at most ${quotas.scenesPerVideo} scenes; this one asks for ${maxScenes}. Lower max_scenes and try again.`;
}

/**
 * Plans one video may cost: the first and one per re-run the scene budget allows (a retry
 * queues the video again). Counted from the ledger's plan spend entries, not from any column.
 */
export async function planCallsRefusal(ledger: Ledger, videoId: string, quotas: Quotas): Promise<string | null> {
  const plans = (await ledger.list({ kind: 'spend', videoId })).filter((e) => e.sceneId === null).length;
  const cap = 1 + quotas.rerunsPerScene;
  return plans >= cap ? `This video was planned ${plans} times (the limit is ${cap}). Create a new video to try again.` : null;
}
