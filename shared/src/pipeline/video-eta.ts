import type { FunctionConfig } from '../appwrite/config.js';
import type { SceneRecord, VideoRecord } from '../appwrite/records.js';
import type { Store } from '../appwrite/store.js';
import { etaAt, etaModel, etaQuality, remainingSeconds, type EtaModel } from '../stats/eta.js';

/** Finished videos the estimate learns from: enough for a steady median, one page of rows. */
const HISTORY = 50;

/** The estimate's figures for this deployment, from its recent completed videos. */
export async function loadEtaModel(store: Store, config: Pick<FunctionConfig, 'parallelScenes'>): Promise<EtaModel> {
  return etaModel(await store.listRecentCompleted(HISTORY), config.parallelScenes);
}

/** The `eta_at` a rendering video gets: now plus its scenes' remaining work and the combine. */
export function videoEtaAt(model: EtaModel, video: VideoRecord, scenes: readonly Pick<SceneRecord, 'status'>[], sceneCount: number, now: Date): string {
  return etaAt(now, remainingSeconds(model, { quality: etaQuality(video.quality), sceneCount, scenes, planning: false }));
}
