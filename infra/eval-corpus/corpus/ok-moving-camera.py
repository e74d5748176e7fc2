# expect: renders
from manim import *


class Scene01(MovingCameraScene):
    def construct(self):
        squares = VGroup(*[Square(side_length=1, fill_opacity=0.6, color=c) for c in [RED, GREEN, BLUE]]).arrange(RIGHT, buff=0.5)
        self.play(LaggedStart(*[GrowFromCenter(s) for s in squares], lag_ratio=0.3))
        self.play(self.camera.frame.animate.scale(0.6).move_to(squares[1]))
        self.play(self.camera.frame.animate.scale(1 / 0.6).move_to(ORIGIN))
        self.wait(0.3)
