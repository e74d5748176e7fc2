import type { AspectRatio, RenderQuality } from './contract.js';

/** Output settings per preset; every clip of one video uses one preset, so the combine never re-encodes. */
export const qualityPresets = {
  preview: { shortSide: 480, longSide: 854, fps: 15 },
  standard: { shortSide: 720, longSide: 1280, fps: 30 },
  high: { shortSide: 1080, longSide: 1920, fps: 60 },
} as const satisfies Record<RenderQuality, { shortSide: number; longSide: number; fps: number }>;

export type Resolution = { width: number; height: number; fps: number };

export function resolutionFor(quality: RenderQuality, aspectRatio: AspectRatio): Resolution {
  const { shortSide, longSide, fps } = qualityPresets[quality];
  const sizes = {
    '16:9': { width: longSide, height: shortSide },
    '9:16': { width: shortSide, height: longSide },
    '1:1': { width: shortSide, height: shortSide },
  } as const satisfies Record<AspectRatio, { width: number; height: number }>;
  return { ...sizes[aspectRatio], fps };
}
