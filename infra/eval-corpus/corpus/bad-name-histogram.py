# expect: fails (invented-name)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        hist = Histogram([1, 3, 2, 5], bar_colors=[BLUE])
        self.play(Create(hist))
        self.wait(0.5)
