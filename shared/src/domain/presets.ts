import type { AspectRatio, Quality } from './options.js';

export interface RenderPreset {
  quality: Quality;
  aspectRatio: AspectRatio;
  /** Pixel size; always even, because H.264 yuv420p needs even dimensions. */
  width: number;
  height: number;
  fps: number;
  /**
   * Manim scene units: `frame_height = 8`, `frame_width = 8 * width / height`.
   * Manim derives these only when the pixel size comes from a config file (see
   * `manimCfg`). With `-r W,H` alone, `config.frame_width` stays 14.22 while the camera
   * stretches its height to 14.22·H/W, so `to_edge` and friends miss the frame edges
   * on portrait and square videos (checked on Manim 0.22).
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

/**
 * A `manim.cfg` for the scene's directory that makes Manim's frame consistent with the
 * pixel size (Manim reads `manim.cfg` next to the scene file). Keep passing `-r`/`--fps`
 * too if you like; they must name the same size. Do not pass `-q`, which overrides it.
 */
export function manimCfg(preset: RenderPreset): string {
  return `[CLI]\npixel_width = ${preset.width}\npixel_height = ${preset.height}\nframe_rate = ${preset.fps}\n`;
}
