import type { LayoutFindingKind } from '../../shared/src/domain/layout-findings.js';

/**
 * Scenes with one layout problem planted on a known line, for the check's tests: each says
 * which finding the check must report, and on which line of the file.
 */
export type PlantedScene = { name: string; code: string; expected: { kind: LayoutFindingKind; line: number } | null };

const MARK = '  # <- planted';

function scene(name: string, body: string[]): PlantedScene & { markedLine: number } {
  const lines = ['from manim import *', '', 'class Planted(Scene):', '    def construct(self):', ...body.map((l) => `        ${l}`)];
  const index = lines.findIndex((l) => l.endsWith(MARK));
  return { name, code: `${lines.join('\n')}\n`, expected: null, markedLine: index + 1 };
}

function planted(name: string, kind: LayoutFindingKind, body: string[]): PlantedScene {
  const s = scene(name, body);
  return { name, code: s.code, expected: { kind, line: s.markedLine } };
}

const title = 'title = Text("Layout check", font_size=40).to_edge(UP)';

export const plantedScenes: PlantedScene[] = [
  planted('off-right', 'out_of_frame', [
    title,
    `wide = Text("pushed off the right edge", font_size=36).shift(RIGHT * 5)${MARK}`,
    'self.play(Write(title), FadeIn(wide))',
    'self.wait(0.2)',
  ]),
  planted('overlap', 'overlap', [
    title,
    'first = Text("Label A", font_size=36)',
    `second = Text("Label B", font_size=36).shift(RIGHT * 0.3 + DOWN * 0.1)${MARK}`,
    'self.play(Write(title), FadeIn(first), FadeIn(second))',
    'self.wait(0.2)',
  ]),
  planted('tiny-formula', 'too_small', [
    title,
    `formula = MathTex(r"E = mc^2").scale(0.25)${MARK}`,
    'self.play(Write(title), Write(formula))',
    'self.wait(0.2)',
  ]),
  planted('dark-grey', 'low_contrast', [
    title,
    `hint = Text("dark grey", font_size=32, color="#303030")${MARK}`,
    'self.play(Write(title), FadeIn(hint))',
    'self.wait(0.2)',
  ]),
  {
    ...scene('clean', [
      title,
      'circle = Circle(radius=1, color=BLUE)',
      'label = Text("a circle", font_size=32).next_to(circle, DOWN)',
      // Dark text on a light filled card is readable, and not an overlap of anything.
      'card = RoundedRectangle(width=3, height=0.8, corner_radius=0.1, fill_color=WHITE, fill_opacity=1, stroke_width=0).next_to(label, DOWN)',
      'on_card = Text("on a card", font_size=28, color=BLACK).move_to(card)',
      'self.play(Write(title), Create(circle), FadeIn(label))',
      'self.play(FadeIn(card), FadeIn(on_card))',
      'self.wait(0.2)',
    ]),
    expected: null,
  },
];
