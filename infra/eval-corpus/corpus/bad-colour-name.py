# expect: fails (colour)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        c = Circle(color="light blue", fill_opacity=0.5)
        self.play(Create(c))
        self.wait(0.5)
