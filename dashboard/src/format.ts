import { etaLabel } from '../../shared/src/stats/eta.js';

/** Small, locale-aware formatting for numbers and times shown on the dashboard. */

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A duration in seconds as `42 s`, `3 min 05 s` or `1 h 02 min`. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(s).padStart(2, '0')} s`;
}

/** Seconds between two timestamps, or null when either is missing. */
export function formatCost(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `< $0.01 ($${usd.toPrecision(2)})`;
  return `$${usd.toFixed(2)}`;
}

export function formatCount(n: number | null | undefined): string {
  return n == null ? '—' : n.toLocaleString('en-US');
}

/** Progress as the bar shows it: a whole number clamped to 0–100. */
export function clampProgress(progress: number | null | undefined): number {
  if (progress == null || !Number.isFinite(progress)) return 0;
  return Math.min(100, Math.max(0, Math.round(progress)));
}

/** A video's stage text with its estimate (`Rendering scenes · about 3 min left`) while it has one. */
export function withEta(stage: string, video: { status: string; eta_at?: string | null }, now = new Date()): string {
  const label = etaLabel(video, now);
  return label ? `${stage} · ${label}` : stage;
}
