# expect: fails (invented-name)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 5, 1], y_range=[0, 5, 1])
        line = VerticalLine(axes.c2p(2, 0), axes.c2p(2, 4), color=YELLOW)
        self.play(Create(axes), Create(line))
        self.wait(0.5)
