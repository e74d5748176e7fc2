# expect: fails (old-member)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 5, 1], y_range=[0, 5, 1])
        axes.add_coordinate_labels()
        self.play(Create(axes))
        self.wait(0.5)
