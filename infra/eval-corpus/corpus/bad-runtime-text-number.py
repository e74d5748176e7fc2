# expect: fails (runtime-only)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        label = Text(42)
        self.play(Write(label))
        self.wait(0.5)
