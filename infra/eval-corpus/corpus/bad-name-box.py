# expect: fails (invented-name)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        box = Box(width=3, height=2, color=ORANGE)
        self.play(Create(box))
        self.wait(0.5)
