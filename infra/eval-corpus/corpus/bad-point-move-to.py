# expect: fails (point-2d)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        dot = Dot(color=YELLOW)
        dot.move_to(np.array([2, 1]))
        self.play(FadeIn(dot))
        self.wait(0.5)
