import { describe, expect, it } from 'vitest';
import { rewriteManim } from './rewrite.js';
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
    expect(rewriteManim(src)).toEqual({ code: src, changes: [] });
  });
});

describe('rewriteManim: one-to-one successors of what LLMs get wrong', () => {
  it('renames add_coordinate_labels and the invented corner getters', () => {
    const r = rewriteManim('axes.add_coordinate_labels()\nd = Dot().move_to(sq.get_bottom_left())\nt = Text("get_top_right()")\ne = sq.get_top_right( )');
    expect(r.code).toBe('axes.add_coordinates()\nd = Dot().move_to(sq.get_corner(DL))\nt = Text("get_top_right()")\ne = sq.get_corner(UR)');
    expect(r.changes).toEqual(['.add_coordinate_labels() → .add_coordinates() (1×)', 'corner getter → .get_corner(DL) (1×)', 'corner getter → .get_corner(UR) (1×)']);
  });

  it('turns np.math. into math. and imports math once', () => {
    const r = rewriteManim('from manim import *\nimport numpy as np\nx = np.math.factorial(4) + np.math.pi\n');
    expect(r.code).toBe('from manim import *\nimport math\nimport numpy as np\nx = math.factorial(4) + math.pi\n');
    expect(rewriteManim('import math\nx = np.math.pi\n').code).toBe('import math\nx = math.pi\n');
  });

  it('makes opacity= fill_opacity= on filled shapes only, where it cannot mean anything else', () => {
    const r = rewriteManim('a = Rectangle(width=2, opacity=0.6, color=BLUE)\nb = c.set_fill(RED, opacity=0.5)\nd = Circle(radius=f(opacity=1))\ne = Square(fill_opacity=1, opacity=0.2)');
    expect(r.code).toBe('a = Rectangle(width=2, fill_opacity=0.6, color=BLUE)\nb = c.set_fill(RED, opacity=0.5)\nd = Circle(radius=f(opacity=1))\ne = Square(fill_opacity=1, opacity=0.2)');
    expect(r.changes).toEqual(['opacity= → fill_opacity= on filled shapes (1×)']);
  });

  it('moves math out of text-mode Tex into MathTex and leaves real text alone', () => {
    expect(rewriteManim('t = Tex(r"E = mc^2", color=BLUE)').code).toBe('t = MathTex(r"E = mc^2", color=BLUE)');
    expect(rewriteManim('t = Tex(r"\\frac{a}{b}")').code).toBe('t = MathTex(r"\\frac{a}{b}")');
    expect(rewriteManim('t = Tex(r"Energy $E = mc^2$")').code).toBe('t = Tex(r"Energy $E = mc^2$")');
    expect(rewriteManim('t = Tex("Newton\'s laws")').changes).toEqual([]);
  });

  it('writes Unicode sub/superscripts and symbols as LaTeX, in math and in text mode', () => {
    expect(rewriteManim('m = MathTex(r"x² + y₁ = α")').code).toBe('m = MathTex(r"x^{2} + y_{1} = {\\alpha}")');
    expect(rewriteManim('m = MathTex("a × b")').code).toBe('m = MathTex("a {\\\\times} b")');
    expect(rewriteManim('t = Tex(r"Area in m² ≈ 3")').code).toBe('t = Tex(r"Area in m$^{2}$ $\\approx$ 3")');
  });

  it('escapes a bare & in text-mode Tex, not in MathTex or tables', () => {
    expect(rewriteManim('t = Tex(r"Salt & Pepper")').code).toBe('t = Tex(r"Salt \\& Pepper")');
    expect(rewriteManim('t = Tex("Salt & Pepper")').code).toBe('t = Tex("Salt \\\\& Pepper")');
    expect(rewriteManim('t = Tex(r"A \\& B")').changes).toEqual([]);
    expect(rewriteManim('m = MathTex(r"a &= b")').changes).toEqual([]);
    expect(rewriteManim('t = Tex(r"\\begin{tabular}{cc} a & b \\end{tabular}")').changes).toEqual([]);
  });
});

describe('sceneClassName', () => {
  it('is a stable, valid Python class name per scene number', () => {
    expect(sceneClassName(1)).toBe('Scene01');
    expect(sceneClassName(12)).toBe('Scene12');
    expect(() => sceneClassName(0)).toThrow(RangeError);
  });
});
