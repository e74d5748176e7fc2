import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppwriteException } from 'node-appwrite';
import { cancelVideo, rerunScene } from '../../shared/src/domain/user-actions.js';
import type { VideoRow } from '../../shared/src/domain/video.js';
import { runBatch } from './batch.js';
import { captionsPath } from './captions-path.js';
import { studioStats, type StatsScene, type StatsVideo } from '../../shared/src/stats/studio-stats.js';
import { statsLines } from './stats-view.js';
import { BatchFileError, parseBatchFile } from './batch-file.js';
import { obtainCliSession, type CliSession } from './cli-session.js';
import type { CliConfig } from './config.js';
import { CliFailure, ExitCode } from './failures.js';
import { createStudio, type NewVideo, type Studio } from './studio.js';
import { watchVideo, type Output } from './watch.js';

/** What every command gets: where to talk, how to print. */
export type Context = {
  config: CliConfig;
  out: Output;
  err: (line: string) => void;
  /** The tables and files; built from `config` unless a test hands one in. */
  studio?: Studio;
};

const studioOf = (ctx: Context): Studio => ctx.studio ?? createStudio(ctx.config);

export async function createCommand(ctx: Context, input: NewVideo, opts: { watch: boolean; output?: string | undefined }): Promise<ExitCode> {
  const studio = studioOf(ctx);
  const { session, problem } = await trySession(ctx.config);
  const video = await studio.createVideo(input, session?.userId ?? null);
  ctx.out.write(`${video.$id}\n`);
  if (!opts.watch) {
    ctx.err(`created video ${video.$id} (${video.status}); follow it with: explainer watch ${video.$id}`);
    return ExitCode.ok;
  }
  const finished = await watchVideo(studio, ctx.config, video.$id, ctx.out, { session, sessionProblem: problem });
  return afterWatch(ctx, studio, finished, opts.output);
}

export async function watchCommand(ctx: Context, videoId: string, opts: { output?: string | undefined }): Promise<ExitCode> {
  const studio = studioOf(ctx);
  const { session, problem } = await trySession(ctx.config);
  const finished = await watchVideo(studio, ctx.config, videoId, ctx.out, { session, sessionProblem: problem });
  return afterWatch(ctx, studio, finished, opts.output);
}

export async function listCommand(ctx: Context, limit: number): Promise<ExitCode> {
  const videos = await studioOf(ctx).listVideos(limit);
  if (videos.length === 0) {
    ctx.err('no videos yet; make one with: explainer create "How a binary search works" --watch');
    return ExitCode.ok;
  }
  for (const v of videos) {
    ctx.out.write(`${v.$id.padEnd(22)} ${v.status.padEnd(10)} ${String(v.progress ?? 0).padStart(3)}%  ${(v.$createdAt ?? '').slice(0, 19).replace('T', ' ')}  ${v.topic}\n`);
  }
  return ExitCode.ok;
}

/**
 * Sets a scene back to `planned` (write new code) or `coded` (render the same code again) —
 * the same single write the dashboard makes; the scene's last error stays, because the next
 * code attempt shows it to the LLM.
 */
export async function rerunCommand(ctx: Context, sceneId: string, opts: { sameCode: boolean }): Promise<ExitCode> {
  const studio = studioOf(ctx);
  const scene = await found(() => studio.getScene(sceneId), `no scene with id "${sceneId}" (scene ids look like <videoId>-<n>)`);
  const video = await studio.getVideo(scene.video_id);
  const action = rerunScene(scene, video, opts.sameCode ? 'same-code' : 'new-code');
  if (!action.ok) throw new CliFailure(action.reason, ExitCode.refused);
  const updated = await studio.updateScene(sceneId, action.update.data);
  ctx.out.write(`${updated.$id} ${updated.status}\n`);
  ctx.err(`scene ${scene.scene_number} of video ${scene.video_id} is ${updated.status} again; follow it with: explainer watch ${scene.video_id}`);
  return ExitCode.ok;
}

export async function cancelCommand(ctx: Context, videoId: string): Promise<ExitCode> {
  const studio = studioOf(ctx);
  const video = await found(() => studio.getVideo(videoId), `no video with id "${videoId}" (try: explainer list)`);
  if (video.status === 'cancelled') {
    ctx.out.write(`${videoId} cancelled\n`);
    return ExitCode.ok;
  }
  const action = cancelVideo(video);
  if (!action.ok) throw new CliFailure(action.reason, ExitCode.refused);
  const updated = await studio.updateVideo(videoId, action.update.data);
  ctx.out.write(`${updated.$id} ${updated.status}\n`);
  return ExitCode.ok;
}

/** Creates a video per row of the file under one batch id, follows them, and with -o saves each as it finishes. */
export async function batchCommand(ctx: Context, file: string, opts: { output?: string | undefined; inFlight: number }): Promise<ExitCode> {
  let inputs;
  try {
    inputs = parseBatchFile(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if (err instanceof BatchFileError) throw new CliFailure(`${file}: ${err.message}`, ExitCode.usage);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliFailure(`no such file: ${file}`, ExitCode.usage);
    throw err;
  }
  const studio = studioOf(ctx);
  const { session } = await trySession(ctx.config);
  const result = await runBatch(studio, ctx.config, inputs, ctx.out, { session, outDir: opts.output, inFlight: opts.inFlight });
  for (const path of result.saved) ctx.err(`saved ${path}`);
  const unfinished = result.videos.filter((v) => v.status !== 'completed');
  ctx.err(`batch ${result.batchId}: ${result.videos.length - unfinished.length} of ${result.videos.length} completed`);
  return unfinished.length ? ExitCode.videoUnsuccessful : ExitCode.ok;
}

/** The project's figures (the API key reads every row): videos, stage times, usage, failures, storage. */
export async function statsCommand(ctx: Context, opts: { json: boolean }): Promise<ExitCode> {
  const studio = studioOf(ctx);
  const [videos, scenes, files] = await Promise.all([studio.allRows('videos'), studio.allRows('scenes'), studio.allFiles()]);
  const stats = studioStats(videos as StatsVideo[], scenes as StatsScene[], files);
  ctx.out.write(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : `${statsLines(stats).join('\n')}\n`);
  return ExitCode.ok;
}

/** Deletes the video; its scenes and every file of it follow (clean-storage, on the row's delete event). */
export async function deleteCommand(ctx: Context, videoId: string): Promise<ExitCode> {
  const studio = studioOf(ctx);
  await found(() => studio.deleteVideo(videoId), `no video with id "${videoId}" (try: explainer list)`);
  ctx.out.write(`${videoId} deleted\n`);
  ctx.err('its scenes and files are removed in the background');
  return ExitCode.ok;
}

export async function downloadCommand(ctx: Context, videoId: string, output: string | undefined): Promise<ExitCode> {
  const studio = studioOf(ctx);
  const video = await found(() => studio.getVideo(videoId), `no video with id "${videoId}" (try: explainer list)`);
  const path = await download(studio, video, output);
  ctx.out.write(`${path}\n`);
  return ExitCode.ok;
}

async function afterWatch(ctx: Context, studio: Studio, video: VideoRow, output: string | undefined): Promise<ExitCode> {
  if (video.status === 'completed') {
    if (output !== undefined) ctx.err(`saved ${await download(studio, video, output)}`);
    return ExitCode.ok;
  }
  const partial = video.partial_video_id ? ` A partial video exists: explainer download ${video.$id}` : '';
  ctx.err(`video ${video.$id} ended ${video.status}${video.error_message ? `: ${video.error_message}` : ''}.${partial}`);
  return ExitCode.videoUnsuccessful;
}

/** Writes the final video (or, when scenes failed, the partial one) and returns its absolute path. */
async function download(studio: Studio, video: VideoRow, output: string | undefined): Promise<string> {
  const fileId = video.combined_video_id ?? video.partial_video_id;
  if (!fileId) throw new CliFailure(`video ${video.$id} has no rendered file yet (status ${video.status})`, ExitCode.refused);
  const bytes = await studio.downloadFinal(fileId);
  const path = resolve(output ?? `${video.$id}.mp4`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  // A narrated video's captions go beside it, as a player looks for them: same name, .vtt.
  if (video.captions_file_id) writeFileSync(captionsPath(path), await studio.downloadFinal(video.captions_file_id));
  return path;
}

async function found<T>(read: () => Promise<T>, notFound: string): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppwriteException && err.code === 404) throw new CliFailure(notFound, ExitCode.refused);
    throw err;
  }
}

/** A session is only needed for Realtime; without one the watch falls back to polling and says why. */
async function trySession(config: CliConfig): Promise<{ session: CliSession | null; problem?: string }> {
  try {
    return { session: await obtainCliSession(config) };
  } catch (err) {
    return { session: null, problem: `no user session for the CLI: ${err instanceof Error ? err.message : String(err)}` };
  }
}
