# expect: fails (invented-method)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        sq = Square(side_length=3)
        corner = Dot(sq.get_bottom_left(), color=RED)
        self.play(Create(sq), FadeIn(corner))
        self.wait(0.5)
