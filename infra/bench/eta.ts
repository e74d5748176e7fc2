// The ETA's accuracy: a batch of varied offline videos, one after another on one local stack
// (so each later video has the earlier ones as history, as a deployment would), sampled while
// they run. At 25 %, 50 % and 75 % progress the row's `eta_at` is compared with when the video
// actually finished: the median absolute error in seconds and as a fraction of the time that
// was really left. `npm run bench -- eta` runs it alone.
import { cpus } from 'node:os';
import { isIn, videoFinished } from '../../shared/src/domain/status.js';
import { median } from '../../shared/src/stats/summary.js';
import { createVideo, getVideo, signIn, startHarness, waitForIdle } from '../../shared/src/pipeline/e2e/harness.js';

type Figures = Record<string, number | string>;
type Sample = { at: number; progress: number; eta: number | null };

const VIDEOS: { scenes: number; quality: 'preview' | 'standard' }[] = [
  { scenes: 2, quality: 'preview' },
  { scenes: 3, quality: 'preview' },
  { scenes: 1, quality: 'standard' },
  { scenes: 4, quality: 'preview' },
  { scenes: 2, quality: 'standard' },
  { scenes: 3, quality: 'preview' },
];
const CHECKPOINTS = [25, 50, 75] as const;

export async function benchEta(): Promise<Figures> {
  const slots = Math.max(1, cpus().length);
  const h = await startHarness({ env: { STUDIO_PARALLEL_SCENES: String(slots), QUOTA_VIDEOS_PER_HOUR: '1000' } });
  const errors: Record<number, { seconds: number[]; fraction: number[] }> = { 25: { seconds: [], fraction: [] }, 50: { seconds: [], fraction: [] }, 75: { seconds: [], fraction: [] } };
  try {
    const user = await signIn(h.stack);
    for (const [i, spec] of VIDEOS.entries()) {
      const created = await createVideo(user, { topic: `Estimate check ${i + 1}: how tides work`, description: 'The moon pulls the ocean. The earth turns beneath the bulge. Two tides a day follow.', provider: 'offline', voice: 'none', quality: spec.quality, max_scenes: spec.scenes });
      const samples: Sample[] = [];
      const until = Date.now() + 900_000;
      let finishedAt: number | null = null;
      while (Date.now() < until) {
        const v = await getVideo(h, created.$id);
        if (isIn(videoFinished, v.status)) {
          if (v.status !== 'completed') throw new Error(`video ${i + 1} ended ${v.status}: ${v.error_message ?? ''}`);
          finishedAt = Date.parse(v.finished_at ?? '') || Date.now();
          break;
        }
        samples.push({ at: Date.now(), progress: v.progress, eta: v.eta_at ? Date.parse(v.eta_at) : null });
        await new Promise((r) => setTimeout(r, 200));
      }
      if (finishedAt === null) throw new Error(`video ${i + 1} did not finish in 15 minutes`);
      for (const p of CHECKPOINTS) {
        const s = samples.find((x) => x.progress >= p && x.eta !== null);
        if (!s || s.eta === null) continue;
        const left = Math.max(1, (finishedAt - s.at) / 1000);
        const off = Math.abs(s.eta - finishedAt) / 1000;
        errors[p]!.seconds.push(off);
        errors[p]!.fraction.push(off / left);
      }
      await waitForIdle(h);
    }
  } finally {
    await h.close();
  }
  const figures: Figures = { videos: VIDEOS.length, slots };
  for (const p of CHECKPOINTS) {
    figures[`eta_median_abs_error_s_at_${p}pct`] = median(errors[p]!.seconds) ?? Number.NaN;
    figures[`eta_median_abs_error_fraction_at_${p}pct`] = median(errors[p]!.fraction) ?? Number.NaN;
    figures[`eta_samples_at_${p}pct`] = errors[p]!.seconds.length;
  }
  return figures;
}

