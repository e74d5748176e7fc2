# expect: fails (camera)
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        cube = Cube()
        self.set_camera_orientation(phi=60 * DEGREES, theta=45 * DEGREES)
        self.play(Create(cube))
        self.wait(0.5)
