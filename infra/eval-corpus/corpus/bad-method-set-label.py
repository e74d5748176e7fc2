# expect: fails (invented-method)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 5, 1], y_range=[0, 5, 1])
        axes.set_axis_labels("time", "speed")
        self.play(Create(axes))
        self.wait(0.5)
