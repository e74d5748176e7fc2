# expect: fails (old-member)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 4, 1], y_range=[0, 16, 4])
        graph = axes.get_graph(lambda x: x**2, color=BLUE)
        self.play(Create(axes), Create(graph))
        self.wait(0.5)
