# expect: fails (point-2d)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        shape = Polygon([0, 0], [2, 0], [1, 1.5], color=BLUE)
        self.play(Create(shape))
        self.wait(0.5)
