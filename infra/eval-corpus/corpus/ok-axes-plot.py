# expect: renders
from manim import *


class Scene01(Scene):
    def construct(self):
        axes = Axes(x_range=[-3, 3, 1], y_range=[0, 9, 3], x_length=6, y_length=4, axis_config={"color": GREY_B})
        graph = axes.plot(lambda x: x**2, color=BLUE)
        label = Text("y = x squared", font_size=28).next_to(axes, UP)
        dot = Dot(axes.c2p(2, 4), color=YELLOW)
        self.play(Create(axes), run_time=1)
        self.play(Create(graph), Write(label), run_time=1.5)
        self.play(FadeIn(dot, scale=0.5))
        self.wait(0.5)
