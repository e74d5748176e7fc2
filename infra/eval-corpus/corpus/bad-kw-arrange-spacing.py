# expect: fails (invented-keyword)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        row = VGroup(*[Dot() for _ in range(4)])
        row.arrange(RIGHT, spacing=0.5)
        self.play(FadeIn(row))
        self.wait(0.5)
