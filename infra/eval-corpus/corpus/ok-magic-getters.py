# expect: renders
from manim import *


class Scene01(Scene):
    def construct(self):
        sq = Square(side_length=2, color="#1F77B4", fill_opacity=0.4)
        width = sq.get_width()
        side = sq.get_side_length() if hasattr(sq, "side_length") else width
        label = Text(f"side {side:.1f}", font_size=30).next_to(sq, DOWN)
        corner = Dot(sq.get_corner(UL), color=RED)
        sq.set_z_index(1)
        self.play(DrawBorderThenFill(sq), FadeIn(label))
        self.play(FadeIn(corner), sq.animate.rotate(PI / 4).set_color(ORANGE))
        self.wait(0.3)
