# expect: fails (invented-keyword)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        bar = Rectangle(width=1, height=3, weight=0.6, color=BLUE)
        self.play(Create(bar))
        self.wait(0.5)
