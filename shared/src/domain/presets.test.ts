import { describe, expect, it } from 'vitest';
import { AspectRatio, Quality } from './options.js';
import { renderPreset } from './presets.js';

describe('renderPreset', () => {
  it('gives the documented landscape sizes and rates', () => {
    expect(renderPreset('preview', '16:9')).toMatchObject({ width: 854, height: 480, fps: 15 });
    expect(renderPreset('standard', '16:9')).toMatchObject({ width: 1280, height: 720, fps: 30 });
    expect(renderPreset('high', '16:9')).toMatchObject({ width: 1920, height: 1080, fps: 60 });
  });

  it('keeps the short side for portrait and square', () => {
    expect(renderPreset('standard', '9:16')).toMatchObject({ width: 720, height: 1280 });
    expect(renderPreset('high', '1:1')).toMatchObject({ width: 1080, height: 1080 });
  });

  it('always yields even pixel sizes and a Manim frame matching the pixel aspect', () => {
    for (const q of Quality.options) {
      for (const a of AspectRatio.options) {
        const p = renderPreset(q, a);
        expect(p.width % 2).toBe(0);
        expect(p.height % 2).toBe(0);
        expect(p.frameHeight).toBe(8);
        expect(p.frameWidth / p.frameHeight).toBeCloseTo(p.width / p.height, 2);
      }
    }
  });
});
