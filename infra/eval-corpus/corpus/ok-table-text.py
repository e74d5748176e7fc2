# expect: renders
from manim import *


class Scene01(Scene):
    def construct(self):
        heading = Text("Planets", font_size=40, weight=BOLD).to_edge(UP)
        rows = VGroup(*[Text(f"{name}: {moons} moons", font_size=28, t2c={name: BLUE}) for name, moons in [("Earth", 1), ("Mars", 2), ("Jupiter", 95)]]).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        frame = SurroundingRectangle(rows, color=GREY_B, buff=0.3, corner_radius=0.1)
        self.play(Write(heading))
        self.play(LaggedStart(*[FadeIn(r, shift=RIGHT) for r in rows], lag_ratio=0.4), Create(frame))
        self.play(Circumscribe(rows[2], color=YELLOW))
        self.wait(0.3)
