# expect: fails (old-member)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        axes = Axes(x_min=-3, x_max=3, y_min=-1, y_max=9)
        self.play(Create(axes))
        self.wait(0.5)
