import { describe, expect, it } from 'vitest';
import { clampProgress, formatCost, formatSeconds, withEta } from './format.js';

describe('format', () => {
  it('formats durations at the scale a person reads them', () => {
    expect(formatSeconds(4.25)).toBe('4.3 s');
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(185)).toBe('3 min 05 s');
    expect(formatSeconds(3720)).toBe('1 h 02 min');
    expect(formatSeconds(null)).toBe('—');
  });

  it('adds the estimate to the stage text while the video has one', () => {
    const now = new Date('2026-03-01T10:00:00.000Z');
    expect(withEta('Rendering scenes', { status: 'rendering', eta_at: '2026-03-01T10:02:00.000Z' }, now)).toBe('Rendering scenes · about 2 min left');
    expect(withEta('Planning', { status: 'planning', eta_at: '2026-03-01T10:00:20.000Z' }, now)).toBe('Planning · under a minute left');
    expect(withEta('Rendering scenes', { status: 'rendering', eta_at: null }, now)).toBe('Rendering scenes');
    expect(withEta('Cancelled', { status: 'cancelled', eta_at: '2026-03-01T10:02:00.000Z' }, now)).toBe('Cancelled');
  });

  it('shows tiny costs without rounding them to zero', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.0012)).toBe('< $0.01 ($0.0012)');
    expect(formatCost(1.5)).toBe('$1.50');
  });

  it('clamps progress to a whole 0–100', () => {
    expect(clampProgress(-3)).toBe(0);
    expect(clampProgress(47.6)).toBe(48);
    expect(clampProgress(180)).toBe(100);
    expect(clampProgress(undefined)).toBe(0);
  });
});
