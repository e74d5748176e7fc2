# expect: renders
from manim import *


class Scene01(ThreeDScene):
    def construct(self):
        axes = ThreeDAxes(x_range=[-2, 2, 1], y_range=[-2, 2, 1], z_range=[-2, 2, 1])
        cube = Cube(side_length=1.5, fill_opacity=0.7, fill_color=BLUE)
        self.set_camera_orientation(phi=70 * DEGREES, theta=30 * DEGREES)
        self.play(Create(axes), run_time=1)
        self.play(FadeIn(cube))
        self.move_camera(theta=60 * DEGREES, run_time=1)
        self.wait(0.3)
