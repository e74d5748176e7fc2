# expect: fails (point-2d)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        start = [-2, -1]
        end = [2, 1]
        line = Line(start, end, color=RED)
        self.play(Create(line))
        self.wait(0.5)
