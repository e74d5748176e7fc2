# expect: fails (timeout)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        dot = Dot()
        for i in range(600):
            self.play(dot.animate.shift(RIGHT * 0.001), run_time=0.5)
