import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ID } from 'node-appwrite';
import { isIn, videoFinished } from '../../shared/src/domain/status.js';
import { VideoRow } from '../../shared/src/domain/video.js';
import type { CliSession } from './cli-session.js';
import type { CliConfig } from './config.js';
import { subscribeRealtime, type RealtimeHandle } from './realtime-socket.js';
import type { NewVideo, Studio } from './studio.js';
import type { Output } from './watch.js';
import { captionsPath } from './captions-path.js';
import { batchTopUp } from '../../shared/src/limits/in-flight.js';

export type BatchResult = { batchId: string; videos: VideoRow[]; saved: string[] };

/** One line per video: id, status, progress, topic. */
export function batchLine(v: VideoRow): string {
  return `${v.$id.padEnd(22)} ${v.status.padEnd(10)} ${String(v.progress ?? 0).padStart(3)}%  ${v.topic}`;
}

/**
 * Creates every video of the batch under one `batch_id`, then follows them: on a terminal the
 * lines are redrawn in place, elsewhere a line is printed whenever a video changes. With
 * `outDir`, each video's MP4 (the partial one when scenes failed) and its captions, where
 * it has them, are saved as soon as it finishes. Live through Realtime; polls without it.
 */
export async function runBatch(studio: Studio, config: CliConfig, inputs: NewVideo[], out: Output, opts: { session: CliSession | null; outDir?: string | undefined; pollMs?: number; inFlight: number }): Promise<BatchResult> {
  const batchId = ID.unique();
  const rows = new Map<string, VideoRow>();
  // At most `inFlight` videos unfinished at a time (the per-user quota of videos in progress
  // refuses more); the rest are created as earlier ones finish.
  const waiting = [...inputs];
  const topUp = batchTopUp(waiting, () => [...rows.values()], opts.inFlight, async (input) => {
    const video = await studio.createVideo({ ...input, batch_id: batchId }, opts.session?.userId ?? null);
    rows.set(video.$id, video);
    if (!out.isTTY) out.write(`${batchLine(video)}\n`);
  });
  out.write(`batch ${batchId}: ${inputs.length} videos\n`);
  const saved: string[] = [];
  const saving = new Map<string, Promise<void>>();
  let drawn = 0;
  let done: (() => void) | null = null;
  const allDone = new Promise<void>((r) => (done = r));

  const draw = (changed: VideoRow[]) => {
    if (out.isTTY) {
      const lines = [...[...rows.values()].map(batchLine), ...waiting.map((w) => `${'(not yet created)'.padEnd(22)} ${'waiting'.padEnd(10)}   0%  ${w.topic}`)];
      out.write(`${drawn ? `\u001b[${drawn}F\u001b[J` : ''}${lines.join('\n')}\n`);
      drawn = lines.length;
    } else for (const v of changed) out.write(`${batchLine(v)}\n`);
  };
  const save = (v: VideoRow) => {
    if (!opts.outDir || saving.has(v.$id)) return;
    saving.set(v.$id, saveVideo(studio, v, opts.outDir).then((paths) => void saved.push(...paths)));
  };
  const take = (list: VideoRow[]) => {
    const changed = list.filter((v) => {
      const old = rows.get(v.$id);
      if (!old || (old.$updatedAt && v.$updatedAt && old.$updatedAt >= v.$updatedAt)) return false;
      rows.set(v.$id, v);
      return old.status !== v.status || old.progress !== v.progress;
    });
    if (changed.length) draw(changed);
    for (const v of rows.values()) if (isIn(videoFinished, v.status)) save(v);
    void topUp().then(() => {
      if (waiting.length === 0 && [...rows.values()].every((v) => isIn(videoFinished, v.status))) done?.();
    });
  };

  let socket: RealtimeHandle | null = null;
  let poller: NodeJS.Timeout | undefined;
  const poll = () => void studio.listBatch(batchId).then(take).catch(() => undefined);
  const startPolling = () => {
    poller ??= setInterval(poll, opts.pollMs ?? 2000);
  };
  if (opts.session) {
    try {
      socket = await subscribeRealtime({
        endpoint: config.endpoint, projectId: config.projectId, sessionSecret: opts.session.secret,
        channels: [`tablesdb.${config.databaseId}.tables.videos.rows`],
        onEvent: (e) => {
          const row = VideoRow.safeParse(e.payload);
          if (row.success && rows.has(row.data.$id)) take([row.data]);
        },
        onDown: () => startPolling(),
      });
    } catch {
      socket = null;
    }
  }
  if (!socket) startPolling();
  await topUp();
  if (out.isTTY) draw([]);
  poll();
  try {
    await allDone;
    await Promise.all(saving.values());
  } finally {
    if (poller) clearInterval(poller);
    socket?.close();
  }
  return { batchId, videos: [...rows.values()], saved };
}

async function saveVideo(studio: Studio, v: VideoRow, dir: string): Promise<string[]> {
  const fileId = v.combined_video_id ?? v.partial_video_id;
  if (!fileId) return [];
  mkdirSync(resolve(dir), { recursive: true });
  const stem = `${slug(v.topic)}-${v.$id}${v.combined_video_id ? '' : '.partial'}`;
  const mp4 = join(resolve(dir), `${stem}.mp4`);
  writeFileSync(mp4, await studio.downloadFinal(fileId));
  // A narrated video's captions go beside it, read by file id (never a row's URL).
  if (!v.captions_file_id) return [mp4];
  const vtt = captionsPath(mp4);
  writeFileSync(vtt, await studio.downloadFinal(v.captions_file_id));
  return [mp4, vtt];
}

function slug(topic: string): string {
  return topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'video';
}
