import { AppwriteException } from 'node-appwrite';
import { SceneRow } from '../../shared/src/domain/scene.js';
import { videoFinished, type VideoStatus } from '../../shared/src/domain/status.js';
import { VideoRow } from '../../shared/src/domain/video.js';
import type { CliSession } from './cli-session.js';
import type { CliConfig } from './config.js';
import { CliFailure, ExitCode } from './failures.js';
import { describeChanges, painter, renderFrame, type WatchState } from './progress-view.js';
import { subscribeRealtime, type RealtimeEvent, type RealtimeHandle } from './realtime-socket.js';
import type { Studio } from './studio.js';

export type Output = { write(text: string): void; isTTY: boolean; columns: number };

export const terminal = (): Output => ({
  write: (t) => void process.stdout.write(t),
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns || 100,
});

export type WatchOptions = {
  session: CliSession | null;
  /** Used only when Realtime cannot be had; the view says so. */
  pollMs?: number;
  /** Why there is no session, shown when falling back to polling. */
  sessionProblem?: string;
};

/**
 * Follows one video until it is completed, failed or cancelled. Live through Realtime; polling
 * only when the socket cannot be opened or drops, and then it says so.
 */
export async function watchVideo(studio: Studio, config: CliConfig, videoId: string, out: Output, options: WatchOptions): Promise<VideoRow> {
  const paint = painter(config.color);
  const started = Date.now();
  let state: WatchState | null = null;
  let printed: WatchState | null = null;
  let frameLines = 0;
  let finish: ((video: VideoRow) => void) | null = null;
  const finished = new Promise<VideoRow>((resolve) => (finish = resolve));

  const draw = () => {
    if (!state) return;
    if (out.isTTY) {
      const lines = renderFrame(state, paint, out.columns);
      out.write(`${frameLines > 0 ? `\u001b[${frameLines}F\u001b[J` : ''}${lines.join('\n')}\n`);
      frameLines = lines.length;
    } else {
      const stamp = `[${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s] `;
      for (const line of describeChanges(printed, state)) out.write(`${stamp}${line}\n`);
    }
    printed = { video: state.video, scenes: [...state.scenes] };
    if (isFinished(state.video.status)) finish?.(state.video);
  };
  const note = (text: string) => {
    out.write(`${paint(text, 'yellow')}\n`);
    frameLines = 0;
  };

  const refresh = async () => {
    let video: VideoRow;
    try {
      video = await studio.getVideo(videoId);
    } catch (err) {
      if (err instanceof AppwriteException && err.code === 404) throw new CliFailure(`no video with id "${videoId}" (try: explainer list)`, ExitCode.refused);
      throw err;
    }
    const scenes = await studio.listScenes(videoId);
    state = merge(state, video, scenes);
    draw();
  };

  const onEvent = (event: RealtimeEvent) => {
    if (!state) return;
    const asVideo = VideoRow.safeParse(event.payload);
    if (asVideo.success && asVideo.data.$id === videoId && !event.payload.video_id) {
      state = merge(state, asVideo.data, state.scenes);
      draw();
      // Scene rows the CLI's user may not read never arrive as events; the video row does.
      void studio.listScenes(videoId).then((scenes) => {
        if (state) state = merge(state, state.video, scenes);
        draw();
      }).catch(() => undefined);
      return;
    }
    const asScene = SceneRow.safeParse(event.payload);
    if (asScene.success && asScene.data.video_id === videoId) {
      state = merge(state, state.video, [asScene.data]);
      draw();
    }
  };

  let poller: NodeJS.Timeout | undefined;
  const startPolling = (why: string) => {
    note(`Realtime unavailable (${why}) — polling every ${Math.round((options.pollMs ?? 2000) / 1000)} s instead.`);
    poller = setInterval(() => void refresh().catch((err: unknown) => note(`refresh failed: ${err instanceof Error ? err.message : String(err)}`)), options.pollMs ?? 2000);
  };

  // Subscribe before the first read, so no change falls between the two.
  let socket: RealtimeHandle | null = null;
  let socketProblem = options.session ? '' : options.sessionProblem ?? 'no user session for the CLI';
  if (options.session) {
    try {
      socket = await subscribeRealtime({
        endpoint: config.endpoint,
        projectId: config.projectId,
        sessionSecret: options.session.secret,
        channels: [`tablesdb.${config.databaseId}.tables.videos.rows.${videoId}`, `tablesdb.${config.databaseId}.tables.scenes.rows`],
        onEvent,
        onDown: (reason) => {
          socket = null;
          startPolling(`the socket dropped: ${reason}`);
        },
      });
    } catch (err) {
      socketProblem = err instanceof Error ? err.message : String(err);
    }
  }
  try {
    await refresh();
    const video = (state as WatchState | null)?.video;
    if (socket && video && options.session && !readableBy(video, options.session.userId)) {
      socket.close();
      socket = null;
      socketProblem = "this video was not created by this CLI's user, so Realtime will not deliver its changes";
    }
    if (!socket && video && !isFinished(video.status)) startPolling(socketProblem);
    return await finished;
  } finally {
    if (poller) clearInterval(poller);
    (socket as RealtimeHandle | null)?.close();
  }
}

function isFinished(status: VideoStatus): boolean {
  return (videoFinished as readonly VideoStatus[]).includes(status);
}

function readableBy(video: VideoRow, userId: string): boolean {
  const perms = video.$permissions ?? [];
  return perms.some((p) => p === 'read("any")' || p === 'read("users")' || p === `read("user:${userId}")`);
}

/** Keeps the newest copy of each row: events and reads can arrive out of order. */
function merge(state: WatchState | null, video: VideoRow, scenes: SceneRow[]): WatchState {
  const newer = <T extends { $updatedAt?: string | undefined }>(a: T | undefined, b: T): T =>
    a && a.$updatedAt && b.$updatedAt && a.$updatedAt > b.$updatedAt ? a : b;
  const byId = new Map(state?.scenes.map((s) => [s.$id, s]) ?? []);
  for (const s of scenes) byId.set(s.$id, newer(byId.get(s.$id), s));
  return {
    video: newer(state?.video, video),
    scenes: [...byId.values()].sort((a, b) => a.scene_number - b.scene_number),
  };
}
