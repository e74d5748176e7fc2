import type { AspectRatio, Quality } from './options.js';

export interface RenderPreset {
  quality: Quality;
  aspectRatio: AspectRatio;
  /** Pixel size; always even, because H.264 yuv420p needs even dimensions. */
  width: number;
  height: number;
  fps: number;
  /**
   * Manim scene units. Manim keeps `frame_height = 8` and derives
   * `frame_width = 8 * width / height` from `-r W,H`, so these are what a scene
   * sees without touching `config` (which the gate forbids).
   */
  frameWidth: number;
  frameHeight: number;
  /** `-q` flag manim maps to the landscape size of this preset. */
  manimQualityFlag: 'l' | 'm' | 'h';
}

/** Landscape sizes per quality; other aspect ratios keep the short side. */
const base = {
  preview: { long: 854, short: 480, fps: 15, flag: 'l' },
  standard: { long: 1280, short: 720, fps: 30, flag: 'm' },
  high: { long: 1920, short: 1080, fps: 60, flag: 'h' },
} as const satisfies Record<Quality, { long: number; short: number; fps: number; flag: RenderPreset['manimQualityFlag'] }>;

export const MANIM_FRAME_HEIGHT = 8;

/** Distance from the frame edge that text and shapes should keep, in scene units. */
export const SAFE_MARGIN = 0.5;

export function renderPreset(quality: Quality, aspectRatio: AspectRatio): RenderPreset {
  const b = base[quality];
  const size: Record<AspectRatio, [number, number]> = {
    '16:9': [b.long, b.short],
    '9:16': [b.short, b.long],
    '1:1': [b.short, b.short],
  };
  const [width, height] = size[aspectRatio];
  return {
    quality,
    aspectRatio,
    width,
    height,
    fps: b.fps,
    frameHeight: MANIM_FRAME_HEIGHT,
    frameWidth: round3((MANIM_FRAME_HEIGHT * width) / height),
    manimQualityFlag: b.flag,
  };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
