# expect: fails (invented-method)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        words = Text("Energy is conserved", font_size=40)
        self.play(Write(words))
        words.highlight("Energy", YELLOW)
        self.wait(0.5)
