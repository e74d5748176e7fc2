import { AppwriteException, Channel, Query, type RealtimeResponseEvent } from 'appwrite';
import { presentVideo } from '../../shared/src/limits/result.js';
import { DATABASE_ID, LEDGER_TABLE, TABLES, type Backend } from './backend.js';
import { isNewer, SceneRow, VideoRow } from './rows.js';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'polling';

const PAGE = 100;
/**
 * A socket that closed and saw no new attempt for this long is not coming back soon: the rows
 * are polled instead. (The SDK retries every second at first, each retry restarts the wait, so
 * a short outage never polls.) Self-hosted Appwrite 1.8.x–1.9.0 close the web SDK's socket at
 * once (it connects without channels; those servers answer 1008 "Missing channels") and the
 * SDK does not retry after 1008, so without this the dashboard would sit on "Reconnecting…".
 */
const FALLBACK_AFTER_MS = 3_000;
export const POLL_EVERY_MS = 5_000;
// After a reconnect the SDK re-sends its subscriptions once the server says `connected`,
// a moment after the socket opens; re-reading after that moment leaves no gap to miss.
const CATCH_UP_DELAY_MS = 400;

const videosChannel = Channel.tablesdb(DATABASE_ID).table(TABLES.videos).row().toString();
const scenesChannel = Channel.tablesdb(DATABASE_ID).table(TABLES.scenes).row().toString();
const ledgerChannel = Channel.tablesdb(DATABASE_ID).table(LEDGER_TABLE).row().toString();

/**
 * The rows this browser can see, kept current by Realtime. Views read the maps and redraw on
 * `onChange`. A dropped socket is reopened by the SDK, and on every reopen the rows are read
 * again so changes made while offline are not lost. While the socket stays down (or the
 * server never lets it up) the rows are read every POLL_EVERY_MS, and the state says so.
 */
export class LiveRows {
  /** Videos as presented: a status or file the pipeline's ledger does not back is not shown. */
  readonly videos = new Map<string, VideoRow>();
  /** The rows as they are stored, which their owner may have written anything into. */
  private readonly stored = new Map<string, VideoRow>();
  /** `<videoId>\n<fileId>` of every result entry this user may read. */
  private readonly results = new Set<string>();
  readonly scenes = new Map<string, SceneRow>();
  connection: Connection = 'connecting';
  /** False until the first list of videos has arrived, so views can say "loading". */
  loaded = false;
  private readonly listeners = new Set<() => void>();
  private watched: string | null = null;
  private fallback: ReturnType<typeof setTimeout> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly backend: Backend) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  async start(): Promise<void> {
    const { realtime } = this.backend;
    realtime.onOpen(() => {
      this.stopPolling();
      this.setConnection('live');
      // Every open after the first read is a reconnect: whatever changed meanwhile was missed.
      if (this.loaded) setTimeout(() => void this.catchUp().catch(() => undefined), CATCH_UP_DELAY_MS);
    });
    realtime.onClose(() => {
      if (this.poller) return;
      this.setConnection('reconnecting');
      this.pollSoon();
    });
    try {
      await realtime.subscribe([videosChannel, scenesChannel, ledgerChannel], (event) => this.onEvent(event));
    } catch {
      // The rows still load; the header says updates are not live and the SDK keeps retrying.
      this.setConnection('offline');
      this.pollSoon();
    }
    await this.loadVideos();
  }

  private pollSoon(): void {
    clearTimeout(this.fallback);
    this.fallback = setTimeout(() => {
      if (this.poller) return;
      this.setConnection('polling');
      this.poller = setInterval(() => void this.catchUp().catch(() => undefined), POLL_EVERY_MS);
      void this.catchUp().catch(() => undefined);
    }, FALLBACK_AFTER_MS);
  }

  private stopPolling(): void {
    clearTimeout(this.fallback);
    clearInterval(this.poller);
    this.poller = undefined;
  }

  /** The video page's video: its row and its scenes are read now and kept current. */
  async watch(videoId: string | null): Promise<void> {
    this.watched = videoId;
    if (videoId) await Promise.all([this.loadResults([videoId]).then(() => this.loadVideo(videoId)), this.loadScenes(videoId)]);
  }

  /** Put a row written by this browser in place at once, before its event arrives. */
  put(table: keyof typeof TABLES, raw: unknown): void {
    if (table === 'scenes') this.putScene(raw, 'take');
    else this.putVideo(raw, 'take');
    this.changed();
  }

  scenesOf(videoId: string): SceneRow[] {
    return [...this.scenes.values()].filter((s) => s.video_id === videoId).sort((a, b) => a.scene_number - b.scene_number);
  }

  async catchUp(): Promise<void> {
    await Promise.all([this.loadVideos(), this.watched ? this.watch(this.watched) : null]);
  }

  private setConnection(state: Connection): void {
    if (this.connection === state) return;
    this.connection = state;
    this.changed();
  }

  private onEvent(event: RealtimeResponseEvent<unknown>): void {
    const payload = event.payload as Record<string, unknown>;
    const table = typeof payload.$tableId === 'string' ? payload.$tableId : tableFromChannels(event.channels);
    const deleted = event.events.some((name) => name.endsWith('.delete'));
    const id = typeof payload.$id === 'string' ? payload.$id : null;
    if (!id) return;
    if (table === LEDGER_TABLE) {
      if (payload.kind !== 'result' || deleted) return;
      this.results.add(`${String(payload.video_id)}\n${String(payload.file_id)}`);
      this.present(String(payload.video_id));
    } else if (table === TABLES.videos) {
      if (deleted) this.forgetVideo(id);
      else this.putVideo(payload, 'take');
    } else if (table === TABLES.scenes) {
      if (deleted) this.scenes.delete(id);
      else this.putScene(payload, 'take');
    }
    this.changed();
  }

  private putVideo(raw: unknown, tie: 'take' | 'keep'): void {
    const parsed = VideoRow.safeParse(raw);
    if (!parsed.success) return console.warn('video row not understood', parsed.error.issues);
    if (isNewer(parsed.data, this.stored.get(parsed.data.$id), tie)) this.stored.set(parsed.data.$id, parsed.data);
    this.present(parsed.data.$id);
  }

  private present(videoId: string): void {
    const row = this.stored.get(videoId);
    if (row) this.videos.set(videoId, presentVideo(row, (v, f) => this.results.has(`${v}\n${f}`)));
  }

  /** A video this browser deleted, gone from both maps at once. */
  forgetVideo(videoId: string): void {
    this.stored.delete(videoId);
    this.videos.delete(videoId);
  }

  private async loadResults(videoIds: string[]): Promise<void> {
    if (videoIds.length === 0) return;
    const list = await this.backend.tables.listRows({
      databaseId: DATABASE_ID,
      tableId: LEDGER_TABLE,
      queries: [Query.equal('kind', 'result'), Query.equal('video_id', videoIds), Query.limit(5000)],
    });
    for (const row of list.rows as unknown as { video_id: string; file_id: string }[]) this.results.add(`${row.video_id}\n${row.file_id}`);
  }

  private putScene(raw: unknown, tie: 'take' | 'keep'): void {
    const parsed = SceneRow.safeParse(raw);
    if (!parsed.success) return console.warn('scene row not understood', parsed.error.issues);
    if (isNewer(parsed.data, this.scenes.get(parsed.data.$id), tie)) this.scenes.set(parsed.data.$id, parsed.data);
  }

  private async loadVideos(): Promise<void> {
    const list = await this.backend.tables.listRows({
      databaseId: DATABASE_ID,
      tableId: TABLES.videos,
      queries: [Query.orderDesc('$createdAt'), Query.limit(PAGE)],
    });
    await this.loadResults(list.rows.map((r) => r.$id));
    const seen = new Set<string>();
    for (const row of list.rows) {
      seen.add(row.$id);
      this.putVideo(row, 'keep');
    }
    // A complete answer is the truth: rows missing from it were deleted while we were away.
    if (list.rows.length < PAGE) for (const id of [...this.videos.keys()]) if (!seen.has(id)) this.forgetVideo(id);
    this.loaded = true;
    this.changed();
  }

  private async loadVideo(videoId: string): Promise<void> {
    try {
      this.putVideo(await this.backend.tables.getRow({ databaseId: DATABASE_ID, tableId: TABLES.videos, rowId: videoId }), 'keep');
    } catch (error) {
      // Gone, or never ours: the page says so. Other failures keep what we had.
      if (error instanceof AppwriteException && error.code === 404) this.forgetVideo(videoId);
      else throw error;
    }
    this.changed();
  }

  private async loadScenes(videoId: string): Promise<void> {
    const list = await this.backend.tables.listRows({
      databaseId: DATABASE_ID,
      tableId: TABLES.scenes,
      queries: [Query.equal('video_id', videoId), Query.orderAsc('scene_number'), Query.limit(PAGE)],
    });
    const seen = new Set<string>();
    for (const row of list.rows) {
      seen.add(row.$id);
      this.putScene(row, 'keep');
    }
    if (list.rows.length < PAGE) {
      for (const scene of this.scenes.values()) if (scene.video_id === videoId && !seen.has(scene.$id)) this.scenes.delete(scene.$id);
    }
    this.changed();
  }
}

function tableFromChannels(channels: readonly string[]): string | null {
  if (channels.includes(videosChannel)) return TABLES.videos;
  if (channels.includes(scenesChannel)) return TABLES.scenes;
  if (channels.includes(ledgerChannel)) return LEDGER_TABLE;
  return null;
}
