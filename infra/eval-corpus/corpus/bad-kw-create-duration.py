# expect: fails (invented-keyword)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        square = Square(side_length=2)
        self.play(Create(square, duration=2))
        self.wait(0.5)
