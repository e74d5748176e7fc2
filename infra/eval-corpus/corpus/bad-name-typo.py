# expect: fails (invented-name)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        c = Circle()
        self.play(Craete(c))
        self.wait(0.5)
