import type { SceneRow } from '../../shared/src/domain/scene.js';
import type { SceneStatus, VideoStatus } from '../../shared/src/domain/status.js';
import type { VideoRow } from '../../shared/src/domain/video.js';
import { etaLabel } from '../../shared/src/stats/eta.js';

/** What `watch` knows at one moment; the view is a pure function of it. */
export type WatchState = { video: VideoRow; scenes: SceneRow[] };

type Paint = (text: string, colour: Colour) => string;
type Colour = 'green' | 'yellow' | 'red' | 'cyan' | 'grey' | 'bold';
const CODES: Record<Colour, string> = { green: '32', yellow: '33', red: '31', cyan: '36', grey: '90', bold: '1' };
export const painter = (color: boolean): Paint => (color ? (t, c) => `\u001b[${CODES[c]}m${t}\u001b[0m` : (t) => t);

const videoColour: Record<VideoStatus, Colour> = {
  queued: 'grey', planning: 'cyan', rendering: 'cyan', combining: 'cyan', completed: 'green', failed: 'red', cancelled: 'yellow',
};
/** How far along its own pipeline a scene is, 0–4 (failed shows where it stopped). */
const sceneStep: Record<SceneStatus, number> = { planned: 0, coding: 1, coded: 2, rendering: 3, rendered: 4, failed: 4 };
const sceneColour: Record<SceneStatus, Colour> = {
  planned: 'grey', coding: 'cyan', coded: 'cyan', rendering: 'cyan', rendered: 'green', failed: 'red',
};

const BAR = 20;

export function bar(fraction: number, width = BAR): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

type Stage = { name: string; done: number; total: number; state: 'waiting' | 'active' | 'done' | 'failed' };

/** The four stages of the chain, each with how much of it is done. */
export function stages({ video, scenes }: WatchState): Stage[] {
  const total = Math.max(scenes.length, video.scene_count ?? 0);
  const planned = video.status !== 'queued' && video.status !== 'planning';
  const coded = scenes.filter((s) => ['coded', 'rendering', 'rendered'].includes(s.status)).length;
  const rendered = scenes.filter((s) => s.status === 'rendered').length;
  const finished = video.status === 'completed';
  const stopped = video.status === 'failed' || video.status === 'cancelled';
  const stateOf = (done: number, of: number, active: boolean): Stage['state'] =>
    of > 0 && done >= of ? 'done' : stopped ? 'failed' : active ? 'active' : 'waiting';
  return [
    { name: 'plan', done: planned ? 1 : 0, total: 1, state: planned ? 'done' : stopped ? 'failed' : video.status === 'planning' ? 'active' : 'waiting' },
    { name: 'code', done: coded, total, state: stateOf(coded, total, scenes.some((s) => s.status === 'coding') || (planned && coded < total)) },
    { name: 'render', done: rendered, total, state: stateOf(rendered, total, scenes.some((s) => s.status === 'rendering')) },
    { name: 'combine', done: finished ? 1 : 0, total: 1, state: finished ? 'done' : stopped ? 'failed' : video.status === 'combining' ? 'active' : 'waiting' },
  ];
}

/** The whole screen for a terminal: title, overall bar, a bar per stage and per scene. */
export function renderFrame(state: WatchState, paint: Paint, width = 100, now = new Date()): string[] {
  const { video, scenes } = state;
  const lines: string[] = [];
  lines.push(`${paint(clip(video.topic, width - 30), 'bold')}  ${paint(video.$id, 'grey')}`);
  lines.push(`video   ${bar((video.progress ?? 0) / 100)} ${String(video.progress ?? 0).padStart(3)}%  ${paint(video.status, videoColour[video.status])}${video.provider_used ? paint(`  via ${video.provider_used}`, 'grey') : ''}${eta(video, now)}`);
  for (const stage of stages(state)) {
    const fraction = stage.total > 0 ? stage.done / stage.total : 0;
    const colour: Colour = stage.state === 'done' ? 'green' : stage.state === 'active' ? 'cyan' : stage.state === 'failed' ? 'red' : 'grey';
    const count = stage.total > 1 || stage.name === 'code' || stage.name === 'render' ? `${stage.done}/${stage.total}` : '';
    lines.push(`  ${stage.name.padEnd(8)}${bar(fraction, 12)} ${count.padEnd(6)}${paint(stage.state, colour)}`);
  }
  for (const scene of scenes) {
    const attempt = (scene.attempt ?? 0) > 1 ? paint(` attempt ${scene.attempt}`, 'yellow') : '';
    lines.push(`  scene ${String(scene.scene_number).padStart(2)} ${bar(sceneStep[scene.status] / 4, 8)} ${paint(scene.status.padEnd(9), sceneColour[scene.status])} ${clip(scene.title ?? '', width - 45)}${attempt}`);
    if (scene.error_message && scene.status !== 'rendered') {
      lines.push(`           ${paint(clip(firstLine(scene.error_message), width - 12), scene.status === 'failed' ? 'red' : 'yellow')}`);
    }
  }
  if (video.error_message) lines.push(paint(`error: ${clip(firstLine(video.error_message), width - 8)}`, 'red'));
  return lines;
}

/**
 * One line per thing that changed, for output that is not a terminal (pipes, CI logs, the
 * demo's log): a redrawn frame would turn into noise there.
 */
export function describeChanges(before: WatchState | null, after: WatchState, now = new Date()): string[] {
  const lines: string[] = [];
  const v = after.video;
  const pv = before?.video;
  if (!pv || pv.status !== v.status || pv.progress !== v.progress) {
    lines.push(`video ${v.status} ${v.progress ?? 0}%${v.scene_count ? ` (${v.scene_count} scenes)` : ''}${eta(v, now)}`);
  }
  const old = new Map(before?.scenes.map((s) => [s.$id, s]) ?? []);
  for (const s of after.scenes) {
    const p = old.get(s.$id);
    if (!p || p.status !== s.status || p.attempt !== s.attempt) {
      const attempt = (s.attempt ?? 0) > 1 ? ` attempt ${s.attempt}` : '';
      const error = s.error_message && (s.status === 'failed' || p?.error_message !== s.error_message) ? ` — ${clip(firstLine(s.error_message), 160)}` : '';
      lines.push(`  scene ${s.scene_number} ${s.status}${attempt}${s.title ? ` "${clip(s.title, 60)}"` : ''}${error}`);
    }
  }
  if (v.error_message && pv?.error_message !== v.error_message) lines.push(`  error: ${clip(firstLine(v.error_message), 200)}`);
  return lines;
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

function clip(text: string, max: number): string {
  const limit = Math.max(8, max);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** `, about N min left` while the video has an estimate, else nothing. */
function eta(video: WatchState['video'], now: Date): string {
  const label = etaLabel(video, now);
  return label ? `, ${label}` : '';
}
