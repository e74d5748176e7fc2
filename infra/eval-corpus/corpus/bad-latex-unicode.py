# expect: fails (latex)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        formula = MathTex(r"α + β = γ")
        self.play(Write(formula))
        self.wait(0.5)
