# expect: fails (invented-keyword)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 5, 1], y_range=[0, 5, 1])
        arrow = Arrow(LEFT, RIGHT, label="force", color=RED)
        self.play(Create(axes), GrowArrow(arrow))
        self.wait(0.5)
