import { describe, expect, it } from 'vitest';
import { describeProblems, rewriteManim, structuralProblems } from './rewrite.js';
import { sceneClassName } from './scene-class-name.js';

describe('rewriteManim', () => {
  it('renames one-to-one successors in code but not inside strings or comments', () => {
    const src = [
      'from manim import *',
      'class Scene01(Scene):',
      '    def construct(self):',
      '        t = TextMobject("ShowCreation is old")  # ShowCreation here stays',
      '        f = TexMobject(r"e^{i\\pi}")',
      '        self.play(ShowCreation(t), ShowCreation(f))',
      '        g = axes.get_graph(lambda x: x**2)',
      '        label = axes.get_graph_label(g, "y")',
      '        s = ParametricSurface(lambda u, v: np.array([u, v, 0]))',
      '        t.set_width(FRAME_WIDTH - 1)',
    ].join('\n');
    const r = rewriteManim(src);
    expect(r.code).toContain('t = Tex("ShowCreation is old")  # ShowCreation here stays');
    expect(r.code).toContain('f = MathTex(r"e^{i\\pi}")');
    expect(r.code).toContain('self.play(Create(t), Create(f))');
    expect(r.code).toContain('axes.plot(lambda x: x**2)');
    expect(r.code).toContain('axes.get_graph_label(g, "y")');
    expect(r.code).toContain('Surface(lambda u, v');
    expect(r.code).toContain('t.scale_to_fit_width(config.frame_width - 1)');
    expect(r.changes).toContain('ShowCreation → Create (2×)');
    expect(r.problems).toEqual([]);
  });

  it('moves fade directions into shift= with the motion of the old animation', () => {
    const r = rewriteManim(
      [
        'self.play(FadeInFrom(dot, LEFT), FadeInFrom(sq), FadeInFromDown(title, run_time=2))',
        'self.play(FadeOutAndShift(VGroup(a, b), UP * 2), FadeOutAndShiftDown(c))',
        'self.play(ShowCreationThenDestruction(line))',
      ].join('\n'),
    );
    expect(r.code).toBe(
      [
        'self.play(FadeIn(dot, shift=-LEFT), FadeIn(sq, shift=UP), FadeIn(title, shift=UP, run_time=2))',
        'self.play(FadeOut(VGroup(a, b), shift=UP * 2), FadeOut(c, shift=DOWN))',
        'self.play(ShowPassingFlash(line, time_width=2.0))',
      ].join('\n'),
    );
  });

  it('rewrites nested calls', () => {
    expect(rewriteManim('FadeInFrom(FadeInFrom(a, RIGHT), -UP)').code).toBe('FadeIn(FadeIn(a, shift=-RIGHT), shift=UP)');
  });

  it('leaves Manim Community code untouched', () => {
    const src = 'from manim import *\nclass Scene01(Scene):\n    def construct(self):\n        self.play(Create(Circle()))\n';
    expect(rewriteManim(src)).toEqual({ code: src, changes: [], problems: [] });
  });
});

describe('structuralProblems', () => {
  it.each([
    ['from manimlib.imports import *', 'manimlib'],
    ['class S(GraphScene):\n    pass', 'GraphScene'],
    ['class S(Scene):\n    CONFIG = {\n        "x_min": 0,\n    }', 'CONFIG'],
    ['self.play(square.shift, UP)', 'm.animate.shift(UP)'],
    ['self.play(self.dot.move_to, ORIGIN)', 'm.animate'],
    ['axes = Axes(x_min=-3, x_max=3)', 'x_range'],
    ['class S(InteractiveScene):\n    pass', 'subclass Scene'],
  ])('refuses %j with advice', (src, fragment) => {
    const problems = structuralProblems(src);
    expect(problems.join(' ')).toContain(fragment);
    expect(describeProblems(problems)).toMatch(/^The code is not Manim Community 0\.22 code: it /);
  });

  it('does not flag these words inside strings', () => {
    expect(structuralProblems('t = Text("GraphScene and CONFIG = { are gone; self.play(m.shift, UP)")')).toEqual([]);
  });
});

describe('sceneClassName', () => {
  it('is a stable, valid Python class name per scene number', () => {
    expect(sceneClassName(1)).toBe('Scene01');
    expect(sceneClassName(12)).toBe('Scene12');
    expect(() => sceneClassName(0)).toThrow(RangeError);
  });
});
