# expect: renders
from manim import *


class Scene01(Scene):
    def construct(self):
        chart = BarChart(values=[3, 5, 2, 6], bar_names=["A", "B", "C", "D"], y_range=[0, 8, 2], y_length=4, x_length=6)
        title = Text("Sales by region", font_size=32).to_edge(UP)
        self.play(Write(title))
        self.play(Create(chart), run_time=1.5)
        self.play(chart.animate.change_bar_values([4, 3, 5, 7]))
        self.wait(0.3)
