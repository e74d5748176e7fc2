# expect: fails (np-math)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        n = np.math.factorial(5)
        text = Text(f"5! = {n}")
        self.play(Write(text))
        self.wait(0.5)
