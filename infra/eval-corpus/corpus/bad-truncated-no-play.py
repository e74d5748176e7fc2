# expect: fails (truncated)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        title = Text("The water cycle", font_size=48)
        sun = Circle(radius=0.6, color=YELLOW, fill_opacity=1).to_corner(UR)
        cloud = Ellipse(width=3, height=1.2, color=WHITE).shift(UP * 2)
        self.add(title, sun, cloud)
