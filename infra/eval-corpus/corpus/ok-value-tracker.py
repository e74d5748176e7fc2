# expect: renders
from manim import *
import numpy as np


class Scene01(Scene):
    def construct(self):
        tracker = ValueTracker(0)
        circle = Circle(radius=1.5, color=BLUE)
        dot = always_redraw(lambda: Dot(circle.point_at_angle(tracker.get_value()), color=RED))
        number = always_redraw(lambda: DecimalNumber(tracker.get_value(), num_decimal_places=2).to_corner(UR))
        self.add(circle, dot, number)
        self.play(tracker.animate.set_value(2 * np.pi), run_time=2, rate_func=linear)
        self.wait(0.3)
