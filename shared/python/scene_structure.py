"""Structural checks on a scene's syntax tree: old-API shapes no rewrite can fix, and files
that were cut off. On the tree, not the text, so a `Text("x_min = 0")` or a variable named
`x_min` stays fine: only the keyword argument `x_min=` of a call is the old API."""

import ast

OLD_RANGE_KEYWORDS = {"x_min", "x_max", "y_min", "y_max", "x_axis_width", "y_axis_height", "x_tick_frequency", "y_tick_frequency"}
MANIMGL_SCENES = {"InteractiveScene", "TeacherStudentsScene", "PiCreatureScene", "ReconfigurableScene"}
# Methods that, passed bare to self.play, are ManimGL's animation shorthand.
ANIMATABLE_METHODS = {
    "shift", "move_to", "scale", "rotate", "set_color", "next_to", "to_edge", "to_corner", "set_fill", "set_stroke",
    "become", "flip", "stretch", "set_opacity", "set_x", "set_y", "center", "arrange", "fade",
}


def structure_problems(tree: ast.Module) -> list[dict]:
    problems: list[dict] = []
    plays_or_waits = False

    def fail(node: ast.AST, message: str) -> None:
        problems.append({"line": getattr(node, "lineno", 0), "message": message, "kind": "structure"})

    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if isinstance(base, ast.Name) and base.id in MANIMGL_SCENES:
                    fail(node, f"`{base.id}` is a ManimGL/3Blue1Brown scene type; subclass `Scene`.")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if name in ("play", "wait"):
            plays_or_waits = True
        old = sorted(k.arg for k in node.keywords if k.arg in OLD_RANGE_KEYWORDS)
        if old:
            fail(node, f"`{', '.join(k + '=' for k in old)}` are keywords of the old API; use `x_range=[min, max, step]` and `y_range=[min, max, step]` (and `x_length=`/`y_length=` for sizes).")
        if name == "setup_axes" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            fail(node, "`self.setup_axes()` is GraphScene's; create `axes = Axes(x_range=[...], y_range=[...])` instead.")
        if name == "play" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Attribute) and first.attr in ANIMATABLE_METHODS:
                fail(node, f"`self.play(m.{first.attr}, ...)` passes a method as an animation (ManimGL); write `self.play(m.animate.{first.attr}(...))`.")
    if not plays_or_waits:
        # Where an answer was cut off: its last line.
        last = max((getattr(n, "end_lineno", 0) or 0 for n in ast.walk(tree)), default=0)
        problems.append({"line": last, "kind": "structure", "message": "the scene looks truncated: it never calls `self.play(...)` or `self.wait(...)`, so nothing would be animated. Write the complete file, with the animations."})
    return problems
