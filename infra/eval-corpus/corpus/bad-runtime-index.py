# expect: fails (runtime-only)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        group = VGroup(Dot(), Dot()).arrange(RIGHT)
        self.play(FadeIn(group))
        self.play(Indicate(group[2]))
        self.wait(0.5)
