# expect: fails (latex)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        formula = Tex(r"E = mc^2", font_size=60)
        self.play(Write(formula))
        self.wait(0.5)
