# expect: fails (latex)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        title = Tex("Salt & Pepper")
        self.play(Write(title))
        self.wait(0.5)
