# expect: renders
from manim import *


class Scene01(Scene):
    def construct(self):
        plane = NumberPlane(x_range=[-5, 5, 1], y_range=[-3, 3, 1], background_line_style={"stroke_opacity": 0.4})
        vector = Arrow(ORIGIN, [2, 1, 0], buff=0, color=YELLOW)
        shape = Circle(radius=1, color=PINK)
        target = Square(side_length=2, color=TEAL)
        self.play(Create(plane), GrowArrow(vector))
        self.play(Create(shape))
        self.play(Transform(shape, target))
        self.play(Rotate(vector, angle=PI / 2, about_point=ORIGIN))
        self.wait(0.3)
