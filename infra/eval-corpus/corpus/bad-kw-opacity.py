# expect: fails (invented-keyword)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        circle = Circle(radius=1.5, color=GREEN, opacity=0.5)
        self.play(DrawBorderThenFill(circle))
        self.wait(0.5)
