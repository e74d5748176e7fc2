# expect: renders
from manim import *
import random


class Scene01(Scene):
    def construct(self):
        random.seed(1)
        dots = VGroup()
        for i in range(6):
            d = Dot(point=[random.uniform(-4, 4), random.uniform(-2, 2), 0], radius=0.12, color=interpolate_color(BLUE, RED, i / 5))
            dots.add(d)
        centre = Dot(ORIGIN, color=WHITE)
        lines = always_redraw(lambda: VGroup(*[Line(centre.get_center(), d.get_center(), stroke_width=2) for d in dots]))
        self.play(LaggedStartMap(FadeIn, dots, lag_ratio=0.1))
        self.add(lines, centre)
        self.play(centre.animate.shift(RIGHT * 2 + UP), run_time=1.5)
        for d in dots[:3]:
            self.play(Flash(d, color=YELLOW), run_time=0.4)
        self.wait(0.3)
