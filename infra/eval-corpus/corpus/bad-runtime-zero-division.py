# expect: fails (runtime-only)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        values = [3, 0, 2]
        bars = VGroup(*[Rectangle(width=0.5, height=6 / v) for v in values])
        self.play(FadeIn(bars))
        self.wait(0.5)
