# expect: fails (runtime-only)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        a = [Circle(), Square()]
        self.play(Create(a))
        self.wait(0.5)
