# expect: renders
from manim import *


class LabeledBox(VGroup):
    def __init__(self, text, color=BLUE, **kwargs):
        super().__init__(**kwargs)
        self.box = RoundedRectangle(corner_radius=0.2, width=2.5, height=1.2, color=color, fill_opacity=0.2)
        self.label = Text(text, font_size=28).move_to(self.box)
        self.add(self.box, self.label)

    def pulse(self):
        return Indicate(self.box, color=YELLOW)


def arrow_between(a, b):
    return Arrow(a.get_right(), b.get_left(), buff=0.1, color=GREY_A)


class Scene01(Scene):
    def construct(self):
        first = LabeledBox("Input")
        second = LabeledBox("Output", color=GREEN)
        VGroup(first, second).arrange(RIGHT, buff=2)
        link = arrow_between(first, second)
        self.play(FadeIn(first), FadeIn(second))
        self.play(GrowArrow(link))
        self.play(first.pulse(), second.animate.set_fill(GREEN, opacity=0.5))
        self.wait(0.3)
