import type { VideoRecord } from '../../../shared/src/appwrite/records.js';
import type { FunctionConfig } from '../../../shared/src/appwrite/config.js';
import type { Store } from '../../../shared/src/appwrite/store.js';
import { videoInProgress } from '../../../shared/src/domain/status.js';

/**
 * Per-user limits, checked when a video is claimed (its `owner` is written in the claim,
 * so rows count from then on). Concurrent claims are ordered by creation: a video counts
 * only the owner's videos created before it, so two racing videos never both reject each
 * other. Answers the message for the user, or null when within limits.
 */
export async function checkQuotas(store: Store, video: VideoRecord, owner: string | null, maxScenes: number, quotas: FunctionConfig['quotas'], now: Date): Promise<string | null> {
  if (maxScenes > quotas.scenesPerVideo) {
    return `A video may have at most ${quotas.scenesPerVideo} scenes; this one asks for ${maxScenes}. Lower max_scenes and try again.`;
  }
  if (!owner) return null;
  const before = (v: VideoRecord) => v.$id !== video.$id && isEarlier(v, video);

  const running = (await store.listOwnerVideos(owner, { statuses: videoInProgress })).filter(before);
  if (running.length >= quotas.videosInProgress) {
    return `You already have ${running.length} videos in progress (the limit is ${quotas.videosInProgress}). Wait for one to finish or cancel one, then create this video again.`;
  }
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  const recent = (await store.listOwnerVideos(owner, { since: hourAgo })).filter(before);
  if (recent.length >= quotas.videosPerHour) {
    return `You created ${recent.length} videos in the last hour (the limit is ${quotas.videosPerHour} per hour). Try again later.`;
  }
  return null;
}

function isEarlier(a: VideoRecord, b: VideoRecord): boolean {
  const sa = Number(a.$sequence), sb = Number(b.$sequence);
  if (Number.isFinite(sa) && Number.isFinite(sb)) return sa < sb;
  return a.$createdAt < b.$createdAt || (a.$createdAt === b.$createdAt && a.$id < b.$id);
}
