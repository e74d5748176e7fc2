// `npm run bench -- pipeline load`: the pipeline on this machine, on a stack of its own.
// Figures come from one run each; nothing here gates CI.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Models } from 'node-appwrite';
import { bucketIds } from '../../shared/src/appwrite/store.js';
import { sceneClassName } from '../../shared/src/code/scene-class-name.js';
import { renderFloor } from './render-floor.js';
import { createVideo, executions, getVideo, listScenes, outcomes, pipelineFunctions, signIn, startHarness, waitFor, waitForFinished, waitForIdle, type Harness } from '../../shared/src/pipeline/e2e/harness.js';

type Figures = Record<string, number | string>;
const SCENES = 4;

/**
 * One N-scene offline video: where the time goes, against the best the render slots allow.
 * On the stack's default pool (one execution per core, so guard no-ops queue behind renders):
 * first with the functions cold (a stack at rest, no worker started yet), then the same video
 * again with their workers warm; then on a stack with twice that pool, where no-ops run
 * beside the renders.
 */
export async function benchPipeline(): Promise<Figures> {
  const slots = Math.max(1, cpus().length);
  const base = await runOne(undefined, true);
  const wide = await runOne(slots * 2);
  return {
    ...base,
    [`end_to_end_s_pool_${slots * 2}`]: wide.end_to_end_s ?? 0,
    // Against the default run's ideal: with more executions than cores, renders share CPUs and
    // each one's own time grows, so that run's own "ideal" would flatter it.
    [`end_to_end_pool_${slots * 2}_over_ideal`]: Number(wide.end_to_end_s ?? 0) / Number(base.ideal_schedule_s ?? 1),
  };
}

async function runOne(poolSize?: number, withFloor = false): Promise<Figures> {
  const h = await startHarness(poolSize ? { poolSize } : {});
  try {
    const user = await signIn(h.stack);
    // A running stack at rest, as a user's is when they start a video: its render
    // interpreters prepared, nothing else busy. Its functions are still cold (no worker yet).
    await quiet();
    const first = await oneVideo(h, user, poolSize);
    if (!withFloor) return first.figures;
    // The same video again, at once: the functions' workers are warm now, as they stay for
    // 60 s on Appwrite. The offline writer makes the same scene files for the same topic.
    await quiet();
    const again = await oneVideo(h, user, poolSize);
    await quiet();
    const floor = await floorOf(h, first.scenes, Math.max(1, cpus().length));
    const e2e = (f: Figures) => Number(f.end_to_end_s);
    return {
      ...first.figures,
      floor_bare_manim_over_slots_s: floor.floorSeconds,
      end_to_end_over_floor: e2e(first.figures) / floor.floorSeconds,
      by_hand_one_after_another_s: floor.byHandSeconds,
      speedup_vs_by_hand: floor.byHandSeconds / e2e(first.figures),
      warm_functions_end_to_end_s: e2e(again.figures),
      warm_functions_end_to_end_over_floor: e2e(again.figures) / floor.floorSeconds,
      warm_functions_speedup_vs_by_hand: floor.byHandSeconds / e2e(again.figures),
      warm_functions_no_op_share_of_execution_time: again.figures.no_op_share_of_execution_time ?? 0,
      ...Object.fromEntries(Object.entries(again.figures).filter(([k]) => k.startsWith('timeline_')).map(([k, v]) => [`warm_functions_${k}`, v])),
    };
  } finally {
    await h.close();
  }
}

/** One video, created now, measured from its own executions (those created after it). */
async function oneVideo(h: Harness, user: Awaited<ReturnType<typeof signIn>>, poolSize?: number): Promise<{ figures: Figures; scenes: Awaited<ReturnType<typeof listScenes>> }> {
  const started = Date.now();
  const created = await createVideo(user, { topic: 'How a heat pump works', description: 'A refrigerant absorbs heat outside. A compressor raises its temperature. It releases the heat indoors. Then the cycle repeats.', provider: 'offline', voice: 'none', max_scenes: SCENES });
  const video = await waitFor('completed', async () => {
    const v = await getVideo(h, created.$id);
    return v.status === 'completed' || v.status === 'failed' ? v : null;
  }, 600_000, 100);
  const endToEnd = (Date.now() - started) / 1000;
  if (video.status !== 'completed') throw new Error(`the video ended ${video.status}: ${video.error_message ?? ''}`);
  await waitForIdle(h);

  const all = (await allExecutions(h)).filter((x) => x.created >= started);
  const work = (fn: string, event: string) => all.filter((x) => x.fn === fn && x.result.event === event);
  const plan = sum(work('plan-video', 'video.planned').map((x) => x.seconds));
  const combine = sum(work('combine-video', 'video.combined').map((x) => x.seconds));
  const scenes = await listScenes(h, created.$id);
  // A scene's own work: its code-scene execution, the render-scene execution that hands the
  // render off, the render in the worker (`renderSeconds`, outside any execution) and the
  // write-back execution.
  const perScene = scenes.map((s) => {
    const mine = (fn: string, event: string) => work(fn, event).filter((x) => x.result.fields?.scene === s.$id);
    const seconds = (fn: string, event: string) => sum(mine(fn, event).map((x) => x.seconds));
    const rendering = sum(mine('render-scene', 'scene.rendered').map(renderSecondsOf));
    return seconds('code-scene', 'scene.coded') + seconds('render-scene', 'scene.handed-off') + rendering + seconds('render-scene', 'scene.rendered');
  });
  const slots = Math.max(1, cpus().length);
  const critical = plan + Math.max(...perScene) + combine;
  const ideal = plan + makespan(perScene, slots) + combine;
  const sequential = plan + sum(perScene) + combine;
  const noOps = all.filter((x) => x.result.outcome === 'ignored').length;
  const figures: Figures = {
    scenes: scenes.length,
    render_slots: slots,
    execution_pool: poolSize ?? slots,
    end_to_end_s: endToEnd,
    plan_s: plan,
    slowest_scene_code_render_s: Math.max(...perScene),
    combine_s: combine,
    critical_path_s: critical,
    end_to_end_over_critical_path: endToEnd / critical,
    ideal_schedule_s: ideal,
    end_to_end_over_ideal: endToEnd / ideal,
    sequential_stages_s: sequential,
    speedup_vs_sequential: sequential / endToEnd,
    combine_share_of_total: combine / endToEnd,
    combine_remux_ms: sum(work('combine-video', 'video.combined').map((x) => Number(x.result.fields?.combineMs ?? 0))),
    combine_remux_share_of_total: sum(work('combine-video', 'video.combined').map((x) => Number(x.result.fields?.combineMs ?? 0))) / 1000 / endToEnd,
    executions_per_video: all.length,
    no_op_executions: noOps,
    no_op_share: noOps / all.length,
    // Execution time as the runtime records it (wall clock of each process); a no-op is
    // nearly all CPU (starting Node, loading code), so this stands in for its CPU share.
    no_op_share_of_execution_time: sum(all.filter((x) => x.result.outcome === 'ignored').map((x) => x.seconds)) / sum(all.map((x) => x.seconds)),
    mean_no_op_execution_s: mean(all.filter((x) => x.result.outcome === 'ignored').map((x) => x.seconds)),
    final_video_s: video.duration_seconds ?? 0,
    ...timeline(all, scenes.map((s) => s.$id), started),
    ...Object.fromEntries(pipelineFunctions.map((fn) => {
      const noOp = all.filter((x) => x.fn === fn && x.result.outcome === 'ignored');
      return [`executions_${fn}`, `${all.filter((x) => x.fn === fn).length} (${noOp.length} no-op${noOp.length ? `, mean ${mean(noOp.map((x) => x.seconds)).toFixed(3)} s` : ''})`];
    })),
  };
  return { figures, scenes };
}

/** The video's own scene files, rendered cold by bare manim: the floor and by hand (render-floor.ts). */
async function floorOf(h: Harness, scenes: Awaited<ReturnType<typeof listScenes>>, slots: number) {
  const files = await Promise.all(scenes.map(async (s) => {
    if (!s.code_file_id) throw new Error(`scene ${s.scene_number} has no code file`);
    const code = Buffer.from(await h.storage.getFileDownload({ bucketId: bucketIds.code, fileId: s.code_file_id })).toString('utf8');
    return { code, className: sceneClassName(s.scene_number) };
  }));
  return renderFloor(files, slots);
}

/** 20 videos created at once: all complete, none lost, executions bounded by the pool. */
export async function benchLoad(): Promise<Figures> {
  const videos = 20;
  const h = await startHarness({ env: { QUOTA_VIDEOS_IN_PROGRESS: '100', QUOTA_VIDEOS_PER_HOUR: '1000' } });
  let requestErrors = 0;
  let peakRss = 0;
  let peakRunning = 0;
  const pool = Math.max(1, cpus().length);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, treeRss(process.pid));
  }, 200);
  let sampling = true;
  const runningSampler = (async () => {
    while (sampling) {
      try {
        let running = 0;
        for (const fn of pipelineFunctions) running += (await h.functions.listExecutions({ functionId: fn, queries: ['{"method":"equal","attribute":"status","values":["processing"]}', '{"method":"limit","values":[100]}'] })).executions.length;
        peakRunning = Math.max(peakRunning, running);
      } catch {
        requestErrors += 1;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    const users = await Promise.all([0, 1, 2, 3].map(() => signIn(h.stack)));
    const started = Date.now();
    const created = await Promise.all(Array.from({ length: videos }, (_, i) => createVideo(users[i % users.length]!, { topic: `Load test video ${i + 1}`, description: 'One short scene.', provider: 'offline', max_scenes: 1 }).catch((err: unknown) => {
      requestErrors += 1;
      throw err;
    })));
    const finished = await Promise.all(created.map((v) => waitForFinished(h, v.$id, 1_200_000).catch(() => {
      requestErrors += 1;
      return null;
    })));
    const seconds = (Date.now() - started) / 1000;
    await waitForIdle(h);
    const all = await allExecutions(h);
    const completed = finished.filter((v) => v?.status === 'completed').length;
    return {
      videos,
      completed,
      lost: videos - finished.filter(Boolean).length,
      failed: finished.filter((v) => v && v.status !== 'completed').length,
      total_s: seconds,
      videos_per_minute: (completed / seconds) * 60,
      executions: all.length,
      failed_executions: all.filter((x) => x.status === 'failed').length,
      pool_size: pool,
      peak_executions_running_sampled: peakRunning,
      peak_executions_running_from_records: peakOverlap(all.map((x) => ({ start: x.end - x.seconds * 1000, end: x.end }))),
      request_errors: requestErrors,
      peak_memory_mib: peakRss / 2 ** 20,
    };
  } finally {
    sampling = false;
    clearInterval(sampler);
    await runningSampler;
    await h.close();
  }
}

async function allExecutions(h: Harness) {
  const out: { fn: string; seconds: number; status: string; created: number; end: number; result: ReturnType<typeof outcomes>[number] }[] = [];
  for (const fn of pipelineFunctions) {
    const list: Models.Execution[] = await executions(h, fn);
    const results = outcomes(list);
    list.forEach((e, i) => out.push({ fn, seconds: e.duration, status: e.status, created: Date.parse(e.$createdAt), end: Date.parse(e.$updatedAt), result: results[i]! }));
  }
  return out;
}

/** How long a write-back's render took in the worker (its `scene.rendered` outcome says). */
function renderSecondsOf(writeBack: Awaited<ReturnType<typeof allExecutions>>[number]): number {
  return Number(writeBack.result.fields?.renderSeconds ?? 0);
}

/**
 * Per scene, from execution records (seconds after the video was created): when its
 * code-scene execution was queued (`q`, the record's creation), started (`end - duration`)
 * and ended; the same for the render-scene execution that hands the render off; the render in
 * the worker (`render <start>-<end>`: its `renderSeconds` up to when its write-back was
 * queued, upload included); the write-back execution; then when the combine ran. Queue waits
 * show event-to-execution latency and pool contention.
 */
function timeline(all: Awaited<ReturnType<typeof allExecutions>>, sceneIds: string[], t0: number): Figures {
  const at = (t: number) => ((t - t0) / 1000).toFixed(2);
  const span = (x: (typeof all)[number] | undefined) => (x ? `q${at(x.created)} ${at(x.end - x.seconds * 1000)}-${at(x.end)}` : '-');
  const out: Figures = {};
  sceneIds.forEach((id, i) => {
    const one = (fn: string, event: string) => all.find((x) => x.fn === fn && x.result.event === event && x.result.fields?.scene === id);
    const back = one('render-scene', 'scene.rendered');
    const rendering = back ? `${at(back.created - renderSecondsOf(back) * 1000)}-${at(back.created)}` : '-';
    out[`timeline_scene_${i + 1}`] = `code ${span(one('code-scene', 'scene.coded'))} | hand-off ${span(one('render-scene', 'scene.handed-off'))} | render ${rendering} | write-back ${span(back)}`;
  });
  out.timeline_combine = span(all.find((x) => x.fn === 'combine-video' && x.result.event === 'video.combined'));
  return out;
}

/**
 * Most executions running at one moment, from their records (finished at `$updatedAt`,
 * after `duration`); exact where sampling three list calls is not. Millisecond rounding of
 * back-to-back executions on one slot is forgiven.
 */
function peakOverlap(spans: { start: number; end: number }[]): number {
  const edges = spans.flatMap((s) => [{ t: s.start + 5, d: 1 }, { t: s.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const e of edges) {
    now += e.d;
    peak = Math.max(peak, now);
  }
  return peak;
}

/** Longest-processing-time-first on `slots` workers: a good stand-in for the ideal schedule. */
function makespan(jobs: number[], slots: number): number {
  const load = new Array<number>(slots).fill(0);
  for (const job of [...jobs].sort((a, b) => b - a)) {
    const i = load.indexOf(Math.min(...load));
    load[i] = (load[i] ?? 0) + job;
  }
  return Math.max(...load);
}

/**
 * Until this process's tree (the stack, its render interpreters, executions) has used under
 * 5 % of one core for half a second: the machine at rest before a measurement.
 */
async function quiet(limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  let before = treeCpuSeconds(process.pid);
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    const now = treeCpuSeconds(process.pid);
    // A process that exited takes its CPU time with it: a drop proves nothing.
    if (now >= before && now - before < 0.025) return;
    before = now;
  }
}

/** Resident memory of this process and everything it started (the stack, executions, renders). */
function treeRss(root: number): number {
  return sum(treeStats(root).map((stat) => Number(stat[21]) * 4096));
}

/** CPU time (user + system) used so far by this process and everything it started that still runs. */
function treeCpuSeconds(root: number): number {
  return sum(treeStats(root).map((stat) => (Number(stat[11]) + Number(stat[12])) / CLOCK_TICKS));
}

/** Linux's USER_HZ: /proc reports CPU times in these ticks. */
const CLOCK_TICKS = 100;

/** `/proc/<pid>/stat` fields after the command name (state first) of `root` and its descendants. */
function treeStats(root: number): string[][] {
  const parent = new Map<number, number>();
  const stats = new Map<number, string[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      parent.set(Number(entry), Number(stat[1]));
      stats.set(Number(entry), stat);
    } catch {
      // exited meanwhile
    }
  }
  const out: string[][] = [];
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const stat = stats.get(pid);
    if (stat) out.push(stat);
    for (const [child, p] of parent) if (p === pid) stack.push(child);
  }
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : 0);
