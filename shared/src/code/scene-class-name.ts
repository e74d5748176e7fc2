/**
 * The class a scene's code must define. Fixed per scene number, so the renderer can
 * always pass it to `manim render` (without it, manim asks on stdin which scene to render).
 */
export function sceneClassName(sceneNumber: number): string {
  if (!Number.isInteger(sceneNumber) || sceneNumber < 1) throw new RangeError(`scene number must be a positive integer, got ${sceneNumber}`);
  return `Scene${String(sceneNumber).padStart(2, '0')}`;
}
