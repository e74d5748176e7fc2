# expect: fails (camera)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        sq = Square()
        self.play(Create(sq))
        self.play(self.camera.frame.animate.scale(0.5))
        self.wait(0.5)
