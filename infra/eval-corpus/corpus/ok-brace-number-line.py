# expect: renders
from manim import *


class Scene01(Scene):
    def construct(self):
        line = NumberLine(x_range=[0, 10, 1], length=10, include_numbers=True)
        start, end = line.n2p(2), line.n2p(7)
        segment = Line(start, end, color=YELLOW, stroke_width=8)
        brace = Brace(segment, DOWN)
        text = brace.get_text("5 units")
        self.play(Create(line))
        self.play(Create(segment))
        self.play(GrowFromCenter(brace), Write(text))
        self.wait(0.3)
