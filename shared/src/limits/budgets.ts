import type { FunctionConfig } from '../appwrite/config.js';
import type { VideoRecord } from '../appwrite/records.js';
import type { Store } from '../appwrite/store.js';
import { videoInProgress } from '../domain/status.js';
import { ledgerKeys } from '../domain/ids.js';
import { userNamedIn } from './creator.js';
import { KEY_PRINCIPAL, type Ledger, type LedgerRecord } from './ledger.js';

// Every per-user limit, counted from the ledger (what the user did) rather than from video
// rows (what is left of it, which the user may edit or delete). Each answers the message for
// the user, or null when within the limit.

type Quotas = FunctionConfig['quotas'];
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * The owner the pipeline recorded for a video: the user of its first creation entry. Rows
 * made before the ledger existed fall back to a user their permissions name, else the key.
 */
export async function recordedOwner(ledger: Ledger, video: Pick<VideoRecord, '$id' | '$permissions'>): Promise<string> {
  const [first] = await ledger.list({ kind: 'creation', videoId: video.$id });
  return first?.user ?? userNamedIn(video.$permissions) ?? KEY_PRINCIPAL;
}

/**
 * In progress and per hour, for the creation entry `own` of the video being accepted. Only
 * creations recorded before it count, so two videos accepted at once never both refuse each
 * other. The key's own use (server-side integrations) is not held to per-user counts.
 */
export async function creationRefusal(ledger: Ledger, store: Store, own: LedgerRecord, quotas: Quotas, now: Date): Promise<string | null> {
  if (own.user === KEY_PRINCIPAL) return null;
  const earlier = (await ledger.list({ kind: 'creation', user: own.user, since: new Date(now.getTime() - DAY) }))
    .filter((e) => e.id !== own.id && (e.at < own.at || (e.at === own.at && e.seq < own.seq)));
  // A retry of the same video is not a second video in progress.
  const others = [...new Set(earlier.map((e) => e.videoId).filter((id): id is string => !!id && id !== own.videoId))];
  const rows = await Promise.all(others.map((id) => store.getVideo(id)));
  const running = rows.filter((v) => v && (videoInProgress as readonly string[]).includes(v.status)).length;
  if (running >= quotas.videosInProgress) {
    return `You already have ${running} videos in progress (the limit is ${quotas.videosInProgress}). Wait for one to finish or cancel one, then create this video again.`;
  }
  const lastHour = earlier.filter((e) => Date.parse(e.at) >= now.getTime() - HOUR).length;
  if (lastHour >= quotas.videosPerHour) {
    return `You created ${lastHour} videos in the last hour (the limit is ${quotas.videosPerHour} per hour). Deleting videos does not give them back. Try again later.`;
  }
  return null;
}

/** The daily cost cap, checked before every LLM call; the key's use is capped too. */
export async function spendRefusal(ledger: Ledger, user: string, quotas: Quotas, now: Date): Promise<string | null> {
  if (quotas.costUsdPerDay === 0) return null;
  const spent = await ledger.sum({ kind: 'spend', user, since: new Date(now.getTime() - DAY) });
  if (spent < quotas.costUsdPerDay) return null;
  return `The daily budget of $${quotas.costUsdPerDay.toFixed(2)} for LLM calls is spent ($${spent.toFixed(2)} in the last 24 hours). Try again later.`;
}

/**
 * A user's re-run of one scene: at most `rerunsPerScene` for the scene and `rerunsPerDay`
 * over all of the user's scenes in 24 hours.
 */
export async function rerunRefusal(ledger: Ledger, user: string, sceneId: string, quotas: Quotas, now: Date): Promise<string | null> {
  const forScene = await ledger.count({ kind: 'rerun', sceneId });
  if (forScene >= quotas.rerunsPerScene) {
    return `This scene was re-run ${forScene} times (the limit is ${quotas.rerunsPerScene} per scene). Create a new video to try again.`;
  }
  const today = await ledger.count({ kind: 'rerun', user, since: new Date(now.getTime() - DAY) });
  if (today >= quotas.rerunsPerDay) {
    return `You re-ran ${today} scenes in the last 24 hours (the limit is ${quotas.rerunsPerDay}). Try again later.`;
  }
  return null;
}

/**
 * LLM code calls one scene may ever cost: its attempts for the first run and for every
 * re-run the budget allows. Counted from spend entries, so no column a user writes
 * (`attempt`, `lease_until`) can reset it.
 */
export async function sceneCallsRefusal(ledger: Ledger, sceneId: string, config: Pick<FunctionConfig, 'maxAttempts' | 'quotas'>): Promise<string | null> {
  const cap = config.maxAttempts * (1 + config.quotas.rerunsPerScene);
  const calls = await ledger.count({ kind: 'spend', sceneId });
  return calls >= cap ? `This scene has used all ${cap} LLM calls it may make. Create a new video to try again.` : null;
}

/**
 * A scene event caused by a user's write (Appwrite names them in `x-appwrite-user-id`;
 * the pipeline's own writes carry no user) is a re-run the user asked for: within the
 * budget it is recorded and admitted (null), else the refusal is answered. The entry's key
 * is the write's timestamp, so a re-delivered event is one re-run.
 */
export async function admitRerun(
  inv: { trigger: string; actor: string | null; ledger: Ledger; config: FunctionConfig; body: Record<string, unknown>; now: () => Date },
  scene: { $id: string; video_id: string; $updatedAt: string },
  owner: string,
): Promise<string | null> {
  if (inv.trigger !== 'event' || !inv.actor) return null;
  const refusal = await rerunRefusal(inv.ledger, owner, scene.$id, inv.config.quotas, inv.now());
  if (refusal) return refusal;
  const written = typeof inv.body.$updatedAt === 'string' ? inv.body.$updatedAt : scene.$updatedAt;
  await inv.ledger.record(ledgerKeys.rerun(scene.$id, written), { user: owner, kind: 'rerun', videoId: scene.video_id, sceneId: scene.$id });
  return null;
}
