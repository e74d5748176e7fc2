# expect: renders
from manim import *


class Scene01(Scene):
    def construct(self):
        formula = MathTex(r"a^2 + b^2 = c^2", font_size=60)
        note = Tex(r"Pythagoras \& friends", font_size=36).next_to(formula, DOWN)
        box = SurroundingRectangle(formula, color=YELLOW, buff=0.2)
        self.play(Write(formula))
        self.play(Create(box), FadeIn(note, shift=UP * 0.3))
        self.wait(0.5)
