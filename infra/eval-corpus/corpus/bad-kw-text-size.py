# expect: fails (invented-keyword)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        title = Text("Gravity", size=48, color=WHITE)
        self.play(Write(title))
        self.wait(0.5)
