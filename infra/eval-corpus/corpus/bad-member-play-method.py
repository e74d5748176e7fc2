# expect: fails (old-member)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        dot = Dot()
        self.add(dot)
        self.play(dot.shift, UP * 2)
        self.wait(0.5)
