# expect: fails (old-member)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        tri = Triangle()
        marker = Dot(tri.get_centroid(), color=RED)
        self.play(Create(tri), FadeIn(marker))
        self.wait(0.5)
