/**
 * Every deterministic id of the pipeline, rows and files alike, is built here:
 *
 * | id | readable form | built by |
 * | --- | --- | --- |
 * | scene row | `<videoId>-<n>` | plan-video |
 * | code file | `<sceneId>-c<renders>.<attempt>` | code-scene |
 * | clip file | `<sceneId>-r<renderNo>` | render-scene |
 * | attempt log file | `<sceneId>-l<renders>.<attempt>` | a failed attempt (attempt-outcome.ts) |
 * | thumbnail file | `<sceneId>-t<renderNo>` | render-scene (the layout check's picture) |
 * | final / partial video file | `f` + 20-character hash of the video and its clip set | combine-video |
 * | combine lock row | `c` + 20-character hash of the video and its clip set | combine-video |
 * | tombstone row (`locks`) | `p` + 20-character hash of the video id | clean-storage |
 * | ledger entry row | `l` + 20-character hash of the entry's kind and key (`ledgerKeys`) | the ledger (`shared/src/limits/`) |
 * | webhook delivery row | `d` + 20-character hash of the endpoint and the message id | deliver-webhooks |
 *
 * Appwrite ids are at most 36 characters of `a-zA-Z0-9._-` and must not start with
 * `.`, `-` or `_`. A readable form is used when it fits, and otherwise the first 15
 * characters of it, a `.`, and a 20-character hash of the whole readable form — still
 * deterministic, still unique in practice (≈103 bits), exactly 36 characters.
 * `ID.unique()` video ids are 20 characters, so the readable form is the normal case.
 * `renders` only grows and `attempt` grows within a run, so the `<renders>.<attempt>` pair
 * never repeats for a scene, even across re-runs that restart the attempt count.
 */

export const ID_MAX = 36;
const VALID_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

export function isValidId(id: string): boolean {
  return id.length <= ID_MAX && VALID_ID.test(id);
}

export function fitId(readable: string): string {
  if (isValidId(readable)) return readable;
  let prefix = readable.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 15);
  if (!/^[a-zA-Z0-9]/.test(prefix)) prefix = `x${prefix.slice(1)}`;
  return `${prefix}.${hash20(readable)}`;
}

export function sceneId(videoId: string, sceneNumber: number): string {
  return fitId(`${videoId}-${sceneNumber}`);
}

export function codeFileId(sceneId: string, renders: number, attempt: number): string {
  return fitId(`${sceneId}-c${renders}.${attempt}`);
}

export function clipFileId(sceneId: string, renderNo: number): string {
  return fitId(`${sceneId}-r${renderNo}`);
}

/** The log file of a failed attempt; one per attempt, like the code file. */
export function attemptLogId(sceneId: string, renders: number, attempt: number): string {
  return fitId(`${sceneId}-l${renders}.${attempt}`);
}

/** The layout check's picture of one render, beside its clip. */
export function thumbnailFileId(sceneId: string, renderNo: number): string {
  return fitId(`${sceneId}-t${renderNo}`);
}

/** A scene's audio for one speech key (voice + sentences): the same narration maps to the same file. */
export function audioFileId(sceneId: string, speechKey: string): string {
  return fitId(`${sceneId}-a${speechKey.slice(0, 10)}`);
}

/** The WebVTT captions beside a final (or partial) video file. */
export function captionsFileId(videoFileId: string): string {
  return fitId(`${videoFileId}-vtt`);
}

/** Final (or partial) video file for one exact set of clips. */
export function finalFileId(videoId: string, clipFileIds: readonly string[]): string {
  return `f${hash20(clipSetKey(videoId, clipFileIds)).slice(0, 20)}`;
}

/**
 * The fan-in lock: the same video and the same set of clips always give the same id,
 * so two "last scene finished" events create one lock row (the second gets 409), and
 * a re-rendered scene (new clip id) gives a new lock and a new combine.
 */
export function combineLockId(videoId: string, clipFileIds: readonly string[]): string {
  return `c${hash20(clipSetKey(videoId, clipFileIds))}`;
}

/** A deleted video's tombstone in `locks`; its prefix keeps it apart from combine locks. */
export function tombstoneId(videoId: string): string {
  return `p${hash20(videoId)}`;
}

/** A ledger entry: the same kind and key always give the same row, so an entry is written once. */
export function ledgerEntryId(kind: string, key: string): string {
  return `l${hash20(`${kind}\n${key}`)}`;
}

/**
 * The keys of ledger entries: one per thing that may be counted once. A re-delivered event
 * builds the same key, so it is recorded once.
 */
export const ledgerKeys = {
  /** A video's creation. */
  creation: (videoId: string): string => videoId,
  /** One plan call: the video's write that started it names it. */
  planSpend: (videoId: string, videoUpdatedAt: string): string => `${videoId}\nplan\n${videoUpdatedAt}`,
  /** One code call: a scene's render number and attempt name it. */
  codeSpend: (sceneId: string, renders: number, attempt: number): string => `${sceneId}\ncode\n${renders}.${attempt}`,
  /** A user's re-run of a scene: the write's timestamp names it. */
  rerun: (sceneId: string, writtenAt: string): string => `${sceneId}\n${writtenAt}`,
  /** A finished (or partial) video file. */
  result: (videoId: string, fileId: string): string => `${videoId}\n${fileId}`,
};

/** One delivery row per endpoint and message: creating it twice answers 409, so it is queued once. */
export function webhookDeliveryId(webhookId: string, messageId: string): string {
  return `d${hash20(`${webhookId}\n${messageId}`)}`;
}

function clipSetKey(videoId: string, clipFileIds: readonly string[]): string {
  return [videoId, ...[...clipFileIds].sort()].join('\n');
}

// FNV-1a over 128 bits: no node:crypto, so the dashboard bundle can use these ids too.
const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV128_PRIME = 0x0000000001000000000000000000013bn;
const MASK128 = (1n << 128n) - 1n;

export function hash20(text: string): string {
  let h = FNV128_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * FNV128_PRIME) & MASK128;
  }
  return h.toString(36).padStart(25, '0').slice(-20);
}
