# expect: fails (colour)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        c = Square(fill_color="#12345", fill_opacity=1)
        self.play(FadeIn(c))
        self.wait(0.5)
