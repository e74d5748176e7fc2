# expect: fails (timeout)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        dot = Dot()
        self.add(dot)
        while True:
            self.wait(0.5)
            dot.shift(RIGHT * 0.01)
