"""A static estimate of how long a scene's animations run, to refuse runaway scenes before
they take a render's whole time budget.

It adds up `self.play(...)` (its `run_time=`, else the longest `run_time=` of its animations,
else 1 s) and `self.wait(...)` (its argument, else 1 s) in `construct` and in the methods it
calls, multiplying by the trip count of `for` loops over `range(...)` or literal sequences.
Loops whose count it cannot read count once, so the estimate errs low: it only refuses what
is certainly too long. A `while True` without `break` or `return` is refused outright.
"""

import ast

DEFAULT_LIMIT_SECONDS = 120.0
MAX_DEPTH = 8


def number(node: ast.AST | None) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = number(node.operand)
        return -inner if inner is not None else None
    if isinstance(node, ast.BinOp):
        left, right = number(node.left), number(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Div) and right:
            return left / right
    return None


def trip_count(node: ast.For) -> float:
    it = node.iter
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range":
        values = [number(a) for a in it.args]
        if values and all(v is not None for v in values):
            start, stop, step = (0.0, values[0], 1.0) if len(values) == 1 else (values[0], values[1], values[2] if len(values) > 2 else 1.0)
            if step:
                return max(0.0, (stop - start) / step)
        return 1.0
    if isinstance(it, (ast.List, ast.Tuple, ast.Set)):
        return float(len(it.elts))
    return 1.0


def keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


class Estimate:
    def __init__(self, scene: ast.ClassDef) -> None:
        self.methods = {n.name: n for n in scene.body if isinstance(n, ast.FunctionDef)}
        self.runaway: list[dict] = []

    def body(self, statements: list[ast.stmt], depth: int) -> float:
        return sum(self.statement(s, depth) for s in statements)

    def statement(self, node: ast.stmt, depth: int) -> float:
        if isinstance(node, ast.For):
            return trip_count(node) * self.body(node.body, depth) + self.body(node.orelse, depth)
        if isinstance(node, ast.While):
            forever = isinstance(node.test, ast.Constant) and bool(node.test.value)
            if forever and not any(isinstance(n, (ast.Break, ast.Return)) for n in ast.walk(node)):
                self.runaway.append({"line": node.lineno, "message": "`while True:` has no `break` or `return`: the scene would never finish rendering. Use a `for` loop with a fixed count.", "kind": "estimate"})
            return self.body(node.body, depth)
        if isinstance(node, ast.If):
            return max(self.body(node.body, depth), self.body(node.orelse, depth))
        if isinstance(node, (ast.With, ast.Try)):
            parts = [node.body] + ([h.body for h in node.handlers] if isinstance(node, ast.Try) else [])
            return max(self.body(p, depth) for p in parts)
        return sum(self.call(c, depth) for c in ast.walk(node) if isinstance(c, ast.Call))

    def call(self, node: ast.Call, depth: int) -> float:
        func = node.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self"):
            return 0.0
        if func.attr == "play":
            given = number(keyword(node, "run_time"))
            if given is not None:
                return max(given, 0.0)
            inner = [number(keyword(c, "run_time")) for c in ast.walk(node) if isinstance(c, ast.Call) and c is not node]
            known = [v for v in inner if v is not None]
            return max(known) if known else 1.0
        if func.attr == "wait":
            given = number(node.args[0]) if node.args else number(keyword(node, "duration"))
            return max(given, 0.0) if given is not None else 1.0
        target = self.methods.get(func.attr)
        if target is not None and func.attr != "construct" and depth < MAX_DEPTH:
            return self.body(target.body, depth + 1)
        return 0.0


def estimate_problems(scene: ast.ClassDef | None, planned_seconds: float | None) -> tuple[float | None, list[dict]]:
    if scene is None:
        return None, []
    construct = next((n for n in scene.body if isinstance(n, ast.FunctionDef) and n.name == "construct"), None)
    if construct is None:
        return None, []
    estimate = Estimate(scene)
    seconds = estimate.body(construct.body, 0)
    problems = list(estimate.runaway)
    limit = max(3 * planned_seconds, planned_seconds + 30) if planned_seconds else DEFAULT_LIMIT_SECONDS
    if seconds > limit:
        planned = f" (planned: {planned_seconds:g} s)" if planned_seconds else ""
        problems.append({"line": construct.lineno, "message": f"the animations add up to about {seconds:.0f} s{planned}, over the {limit:.0f} s this scene may take: shorten run_time/wait values or loop fewer times.", "kind": "estimate"})
    return seconds, problems
