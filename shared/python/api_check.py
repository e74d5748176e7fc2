"""The gate's API check: names, members and keywords a scene uses that the installed Manim lacks.

It reads the manifest that shared/python/manim_manifest.py wrote from the venv at setup and
only walks the scene's syntax tree. It reports every problem at once, each with its line and
the closest real name, plus the real signatures of the classes involved, so one LLM repair can
fix what would otherwise cost one render per error.

False positives send a scene that renders back to the LLM, so every rule stays silent where
it cannot be sure: a variable counts as an instance of a Manim class only when every binding
of that name in the file is a call of that class; names the file binds anywhere are its own;
Mobject's `get_*`/`set_*` magic, `**kwargs` that never reach a closed constructor, and
classes with their own `__getattr__` are taken as accepting anything.
"""

import ast
import builtins
import difflib
import json
import re

# Curated successors, where the closest spelling is not the right answer.
NAME_HINTS = {
    "Histogram": "`BarChart(values=[...], bar_names=[...])`",
    "VerticalLine": "`Line(start, end)` or `DashedLine(...)` (e.g. `axes.get_vertical_line(point)`)",
    "HorizontalLine": "`Line(start, end)` or `DashedLine(...)` (e.g. `axes.get_horizontal_line(point)`)",
    "Box": "`Square(side_length=...)` or `Rectangle(width=..., height=...)`",
    "TextMobject": "`Tex` (or `Text` without LaTeX)",
    "TexMobject": "`MathTex`",
    "ShowCreation": "`Create`",
    "GraphScene": "`Scene` with an `Axes(...)` object",
    "RightArrow": "`Arrow(LEFT, RIGHT)`",
    "Label": "`Text(...)` placed with `.next_to(...)`",
}
THREE_D = "it is the 3-D camera API, which only a `ThreeDScene` has: subclass ThreeDScene"
MEMBER_HINTS = {
    "add_coordinate_labels": "did you mean `add_coordinates()`?",
    "get_bottom_left": "use `get_corner(DL)`",
    "get_bottom_right": "use `get_corner(DR)`",
    "get_top_left": "use `get_corner(UL)`",
    "get_top_right": "use `get_corner(UR)`",
    "get_graph": "did you mean `plot(...)`?",
    "set_camera_orientation": THREE_D,
    "move_camera": THREE_D,
    "begin_ambient_camera_rotation": THREE_D,
    "stop_ambient_camera_rotation": THREE_D,
    "frame": "`self.camera.frame` exists only in a `MovingCameraScene`: subclass MovingCameraScene",
    "math": "numpy 2 has no `np.math`: use the `math` module (`import math`)",
}
# Calls whose positional arguments are points (Manim points are 3-D).
POINT_ARGS = {"Dot": 1, "Line": 2, "DashedLine": 2, "Arrow": 2, "DoubleArrow": 2, "Polygon": 99, "Polyline": 99, "move_to": 1, "shift": 99, "next_to": 1}
POINT_KEYWORDS = {"point", "start", "end"}
COLOR_KEYWORDS = {"color", "fill_color", "stroke_color", "background_color", "background_stroke_color"}
COLOR_METHODS = {"set_color", "set_fill", "set_stroke"}
HEX_COLOR = re.compile(r"^(#|0x)([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$")
KEYWORD_HINTS = {
    "opacity": "`fill_opacity=` (or `stroke_opacity=`)",
    "weight": "`stroke_width=`",
    "thickness": "`stroke_width=`",
    "line_width": "`stroke_width=`",
    "label": "nothing: there is no `label=`; make the label a separate `Text(...)`/`MathTex(...)` and place it with `.next_to(...)`",
    "labels": "nothing: there is no `labels=`; make each label a separate `Text(...)`/`MathTex(...)` and place it with `.next_to(...)`",
    "text": "nothing: there is no `text=`; add a separate `Text(...)` placed with `.next_to(...)`",
    "size": "`width=`/`height=`/`radius=` or `.scale(...)`",
}
BUILTINS = set(dir(builtins)) | {"__name__", "__file__"}
MAX_SIGNATURES = 6


class Manifest:
    def __init__(self, path: str) -> None:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        self.version = data["manim_version"]
        self.numpy_version = data.get("numpy_version", "")
        self.names: dict = data["names"]
        self.exported: dict = data["exported_classes"]
        self.classes: dict = data["classes"]
        self.functions: dict = data["functions"]
        self.modules: dict = data["modules"]
        self.color_names: set = set(data.get("color_names", []))
        self._members: dict = {}

    def members(self, key: str) -> set:
        if key not in self._members:
            found = set()
            for k in self.classes[key]["mro"]:
                entry = self.classes.get(k)
                if entry:
                    found |= set(entry["own"]) | set(entry["attrs"])
            self._members[key] = found
        return self._members[key]

    def open_getattr(self, key: str) -> str | None:
        """`mobject` for Mobject's get_*/set_* magic, `any` for another __getattr__, else None."""
        for k in self.classes[key]["mro"]:
            entry = self.classes.get(k)
            if entry and entry.get("getattr"):
                return "mobject" if entry["name"] in ("Mobject", "OpenGLMobject") else "any"
        return None

    def method(self, key: str, name: str) -> dict | None:
        for k in self.classes[key]["mro"]:
            entry = self.classes.get(k)
            if entry and name in entry["own"]:
                return entry["methods"].get(name)
        return None

    def name_of(self, key: str) -> str:
        return self.classes[key]["name"]


class Type:
    """What static analysis knows an expression is."""

    def __init__(self, kind: str, key: str | None = None, node: ast.ClassDef | None = None, module: str | None = None) -> None:
        self.kind = kind  # "instance", "animate", "user", "module"
        self.key = key
        self.node = node
        self.module = module


def closest(word: str, candidates, n: int = 1, cutoff: float = 0.6) -> list[str]:
    return difflib.get_close_matches(word, sorted(set(candidates)), n=n, cutoff=cutoff)


class ApiCheck:
    def __init__(self, tree: ast.Module, manifest: Manifest) -> None:
        self.tree = tree
        self.m = manifest
        self.findings: list[dict] = []
        self.involved: list[str] = []
        self.module_alias: dict[str, str] = {}
        self.imported_names: set[str] = set()
        self.star_modules: list[str] = []
        self.bound: dict[str, list] = {}
        self.user_classes: dict[str, ast.ClassDef] = {}
        self.user_attrs: set[str] = set()
        self.parents: dict[ast.AST, ast.AST] = {}
        self.resolving: set[str] = set()
        self.types: dict[str, Type | None] = {}

    # --- what the file binds --------------------------------------------------------------
    def collect(self) -> None:
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.module_alias[alias.asname] = alias.name
                        self.bind(alias.asname, None)
                    else:
                        top = alias.name.split(".")[0]
                        self.module_alias[top] = top
                        self.bind(top, None)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name == "*":
                        self.star_modules.append(node.module or "")
                    else:
                        full = f"{node.module}.{alias.name}"
                        if full in self.m.modules:
                            self.module_alias[alias.asname or alias.name] = full
                        self.imported_names.add(alias.asname or alias.name)
                        if node.module != "manim":
                            self.bind(alias.asname or alias.name, None)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.bind(node.name, None)
                args = node.args
                for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
                    if a is not None:
                        self.bind(a.arg, None)
            elif isinstance(node, ast.Lambda):
                args = node.args
                for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
                    if a is not None:
                        self.bind(a.arg, None)
            elif isinstance(node, ast.ClassDef):
                self.bind(node.name, None)
                self.user_classes[node.name] = node
            elif isinstance(node, ast.Assign):
                simple = len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                for target in node.targets:
                    self.bind_target(target, node.value if simple else None)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                self.bind_target(node.target, node.value if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) else None)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                self.bind_target(node.target, None)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        self.bind_target(item.optional_vars, None)
            elif isinstance(node, ast.NamedExpr):
                self.bind_target(node.target, None)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self.bind(node.name, None)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                for name in node.names:
                    self.bind(name, None)
            elif isinstance(node, ast.Delete):
                for target in node.targets:
                    self.bind_target(target, None)
            elif hasattr(ast, "MatchAs") and isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
                self.bind(node.name, None)
            elif hasattr(ast, "MatchMapping") and isinstance(node, ast.MatchMapping) and node.rest:
                self.bind(node.rest, None)

    def bind(self, name: str, value) -> None:
        self.bound.setdefault(name, []).append(value)

    def bind_target(self, target: ast.AST, value) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self.bind_target(elt, None)
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, None)
        elif isinstance(target, ast.Attribute):
            # Attributes the scene sets itself exist afterwards, whatever the class.
            self.user_attrs.add(target.attr)

    # --- names the file can see -------------------------------------------------------------
    def star_names(self) -> set | None:
        names: set = set()
        for module in self.star_modules:
            if module == "manim":
                names |= set(self.m.names)
            elif module in self.m.modules:
                names |= set(self.m.modules[module]["star"])
            else:
                return None
        return names

    def manim_name(self, name: str) -> bool:
        """The name means Manim's own `name`: star-imported or imported by name, never rebound."""
        if name in self.bound:
            return False
        return name in self.imported_names or ("manim" in self.star_modules and name in self.m.names)

    # --- types -------------------------------------------------------------------------------
    def type_of(self, node: ast.AST) -> Type | None:
        if isinstance(node, ast.Name):
            return self.type_of_name(node)
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                if self.manim_name(func.id) and func.id in self.m.exported:
                    return Type("instance", self.m.exported[func.id])
                if func.id in self.user_classes and len(self.bound.get(func.id, [])) == 1:
                    return self.user_type(self.user_classes[func.id])
                return None
            if isinstance(func, ast.Attribute):
                receiver = self.type_of(func.value)
                if receiver is None:
                    return None
                if receiver.kind == "animate":
                    return receiver
                if func.attr == "animate" and receiver.kind == "instance":
                    return Type("animate", receiver.key)
                if receiver.kind == "instance":
                    info = self.m.method(receiver.key, func.attr)
                    return self.returned(info, receiver.key)
            return None
        if isinstance(node, ast.Attribute):
            receiver = self.type_of(node.value)
            if receiver is None:
                return None
            if node.attr == "animate" and receiver.kind == "instance":
                return Type("animate", receiver.key)
            if node.attr == "camera" and receiver.kind == "user":
                return self.camera_of(receiver.node)
            if receiver.kind == "module":
                sub = f"{receiver.module}.{node.attr}"
                return Type("module", module=sub) if sub in self.m.modules else None
        return None

    def type_of_name(self, node: ast.Name) -> Type | None:
        name = node.id
        if name == "self":
            cls = self.enclosing_class(node)
            return self.user_type(cls) if cls is not None else None
        if name in self.module_alias:
            if len(self.bound.get(name, [])) == 1 and self.module_alias[name] in self.m.modules:
                return Type("module", module=self.module_alias[name])
            return None
        if name not in self.bound:
            kind = self.m.names.get(name, "") if "manim" in self.star_modules else ""
            if kind.startswith("module:") and kind[7:] in self.m.modules:
                return Type("module", module=kind[7:])
            return None
        if name in self.types:
            return self.types[name]
        if name in self.resolving:
            return None
        self.resolving.add(name)
        found: Type | None = None
        consistent = True
        for value in self.bound[name]:
            t = self.type_of(value) if value is not None else None
            if t is None or t.kind != "instance" or (found is not None and found.key != t.key):
                consistent = False
                break
            found = t
        self.resolving.discard(name)
        self.types[name] = found if consistent else None
        return self.types[name]

    def returned(self, info: dict | None, receiver: str) -> Type | None:
        if not info or not info.get("returns"):
            return None
        ret = info["returns"].strip("'\"")
        if ret == "Self":
            return Type("instance", receiver)
        key = self.m.exported.get(ret)
        # A declared base class may well be a subclass at run time: only leaf classes are typed.
        if key and not self.m.classes[key]["subclassed"]:
            return Type("instance", key)
        return None

    def enclosing_class(self, node: ast.AST) -> ast.ClassDef | None:
        current = self.parents.get(node)
        func = None
        while current is not None:
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and func is None:
                func = current
            if isinstance(current, ast.ClassDef):
                return current if func is not None and self.parents.get(func) is current else None
            current = self.parents.get(current)
        return None

    def manim_bases(self, cls: ast.ClassDef, seen=None) -> list[str] | None:
        """The Manim class keys a user class derives from, or None when a base is unknown."""
        seen = seen or set()
        if cls.name in seen:
            return None
        seen.add(cls.name)
        keys = []
        for base in cls.bases:
            if not isinstance(base, ast.Name):
                return None
            if self.manim_name(base.id) and base.id in self.m.exported:
                keys.append(self.m.exported[base.id])
            elif base.id in self.user_classes and len(self.bound.get(base.id, [])) == 1:
                inner = self.manim_bases(self.user_classes[base.id], seen)
                if inner is None:
                    return None
                keys += inner
            else:
                return None
        return keys if keys and not cls.keywords else None

    def user_type(self, cls: ast.ClassDef) -> Type | None:
        return Type("user", node=cls) if self.manim_bases(cls) is not None else None

    def user_members(self, cls: ast.ClassDef) -> set:
        names = set()
        chain = [cls]
        while chain:
            current = chain.pop()
            for stmt in ast.walk(current):
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt is not current:
                    names.add(stmt.name)
                elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                    for target in stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]:
                        if isinstance(target, ast.Name):
                            names.add(target.id)
            for base in current.bases:
                if isinstance(base, ast.Name) and base.id in self.user_classes:
                    chain.append(self.user_classes[base.id])
        return names

    def camera_of(self, cls: ast.ClassDef) -> Type | None:
        if any(isinstance(s, ast.FunctionDef) and s.name == "__init__" for s in cls.body):
            return None
        for key in self.manim_bases(cls) or []:
            for k in self.m.classes[key]["mro"]:
                init = self.m.classes.get(k, {}).get("init")
                match = re.search(r"camera_class=(\w+)", init["signature"]) if init else None
                if match and match.group(1) in self.m.exported:
                    return Type("instance", self.m.exported[match.group(1)])
        return None

    # --- findings ----------------------------------------------------------------------------
    def report(self, node: ast.AST, message: str, key: str | None = None) -> None:
        self.findings.append({"line": getattr(node, "lineno", 0), "message": message})
        if key and key not in self.involved:
            self.involved.append(key)

    def run(self) -> None:
        self.collect()
        visible = self.star_names()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and visible is not None:
                self.check_name(node, visible)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                self.check_attribute(node)
            elif isinstance(node, ast.Call):
                self.check_keywords(node)
                self.check_points(node)
                self.check_colors(node)

    def check_name(self, node: ast.Name, visible: set) -> None:
        name = node.id
        if name in self.bound or name in visible or name in BUILTINS or name in self.imported_names:
            return
        hint = NAME_HINTS.get(name)
        if not hint:
            near = closest(name, set(self.m.names) | set(self.bound))
            hint = f"`{near[0]}`" if near else None
        where = f"Manim {self.m.version}" if "manim" in self.star_modules else "the imports"
        self.report(node, f"`{name}` is not defined (not in {where} nor in this file){f'; did you mean {hint}?' if hint else '.'}")

    def check_attribute(self, node: ast.Attribute) -> None:
        attr = node.attr
        if attr.startswith("__"):
            return
        receiver = self.type_of(node.value)
        if receiver is None:
            return
        if receiver.kind == "module":
            names = self.m.modules[receiver.module]["names"]
            if attr not in names and f"{receiver.module}.{attr}" not in self.m.modules:
                alias = node.value.id if isinstance(node.value, ast.Name) else receiver.module
                hint = MEMBER_HINTS.get(attr) if receiver.module == "numpy" else None
                near = closest(attr, names)
                version = f" {self.m.numpy_version}" if receiver.module == "numpy" else ""
                suggestion = hint or (f"did you mean `{alias}.{near[0]}`?" if near else None)
                self.report(node, f"`{alias}.{attr}` does not exist (module `{receiver.module}`{version}){f'; {suggestion}' if suggestion else '.'}")
            return
        if attr in self.user_attrs:
            return
        if receiver.kind == "user":
            keys = self.manim_bases(receiver.node) or []
            members = self.user_members(receiver.node)
            for key in keys:
                members |= self.m.members(key)
            if attr in members or any(self.m.open_getattr(k) == "any" for k in keys):
                return
            if any(self.m.open_getattr(k) == "mobject" for k in keys) and self.magic_ok(node, members):
                return
            owner = keys[0] if keys else None
            label = receiver.node.name
            self.report_member(node, label, attr, members, owner)
            return
        key = receiver.key
        members = self.m.members(key)
        magic = self.m.open_getattr(key)
        if attr in members or magic == "any" or (magic == "mobject" and self.magic_ok(node, members)):
            return
        self.report_member(node, self.m.name_of(key), attr, members, key)

    def magic_ok(self, node: ast.Attribute, members: set) -> bool:
        """Mobject.__getattr__: `set_x(value)` sets any attribute; `get_x()` needs an attribute x."""
        attr = node.attr
        call = self.parents.get(node)
        called = isinstance(call, ast.Call) and call.func is node
        given = len(call.args) + len(call.keywords) if called else None
        if attr.startswith("set_"):
            return given in (None, 1) and not (called and call.keywords)
        return attr.startswith("get_") and attr[4:] in members and given in (None, 0)

    def report_member(self, node: ast.AST, label: str, attr: str, members: set, key: str | None) -> None:
        hint = MEMBER_HINTS.get(attr)
        if not hint:
            near = closest(attr, [m for m in members if not m.startswith("_")])
            hint = f"did you mean `{near[0]}`?" if near else None
        self.report(node, f"`{label}` has no attribute `{attr}`{f'; {hint}' if hint else '.'}", key)

    def check_keywords(self, node: ast.Call) -> None:
        named = [k for k in node.keywords if k.arg is not None]
        if not named:
            return
        func = node.func
        accepted, label, key, open_ended = None, None, None, True
        if isinstance(func, ast.Name) and self.manim_name(func.id):
            if func.id in self.m.exported:
                key = self.m.exported[func.id]
                init = self.m.classes[key].get("init")
                if init:
                    accepted, open_ended, label = init["keywords"], init["open"], f"{func.id}(...)"
            elif func.id in self.m.functions:
                info = self.m.functions[func.id]
                accepted, open_ended, label = info["params"], info["kwargs"], f"{func.id}(...)"
        elif isinstance(func, ast.Attribute):
            receiver = self.type_of(func.value)
            if receiver is not None and receiver.kind in ("instance", "animate"):
                info = self.m.method(receiver.key, func.attr)
                if info:
                    key = receiver.key
                    accepted, open_ended, label = info["params"], info["kwargs"], f"{self.m.name_of(key)}.{func.attr}(...)"
        if accepted is None or open_ended:
            return
        for kw in named:
            if kw.arg in accepted:
                continue
            hint = KEYWORD_HINTS.get(kw.arg)
            if not hint:
                near = closest(kw.arg, accepted)
                hint = f"`{near[0]}=`" if near else None
            if hint and hint.startswith("nothing: "):
                advice = f"; {hint[len('nothing: '):]}"
            else:
                advice = f"; did you mean {hint}?" if hint else "."
            self.report(kw.value, f"`{label}` takes no keyword `{kw.arg}`{advice}", key)

    def called_name(self, node: ast.Call) -> str | None:
        func = node.func
        if isinstance(func, ast.Name) and self.manim_name(func.id):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
        return None

    def flat_point(self, node: ast.AST, depth: int = 0) -> ast.AST | None:
        """A literal 2-element point: `[x, y]`, `(x, y)`, `np.array([x, y])`, or a name bound once to one."""
        if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == 2 and not any(isinstance(e, ast.Starred) for e in node.elts):
            if all(isinstance(e, (ast.Constant, ast.UnaryOp, ast.BinOp, ast.Name)) and not isinstance(getattr(e, "value", 0), str) for e in node.elts):
                return node
            return None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "array" and node.args:
            receiver = self.type_of(node.func.value)
            if receiver is not None and receiver.kind == "module" and receiver.module == "numpy":
                return self.flat_point(node.args[0], depth)
        if isinstance(node, ast.Name) and depth < 3 and len(self.bound.get(node.id, [])) == 1 and self.bound[node.id][0] is not None:
            return node if self.flat_point(self.bound[node.id][0], depth + 1) is not None else None
        return None

    def check_points(self, node: ast.Call) -> None:
        name = self.called_name(node)
        if name not in POINT_ARGS:
            return
        if isinstance(node.func, ast.Attribute) and name in ("move_to", "shift", "next_to"):
            receiver = self.type_of(node.func.value)
            if receiver is None or receiver.kind not in ("instance", "animate", "user"):
                return
        candidates = [a for a in node.args[: POINT_ARGS[name]] if not isinstance(a, ast.Starred)]
        candidates += [k.value for k in node.keywords if k.arg in POINT_KEYWORDS]
        for arg in candidates:
            if self.flat_point(arg) is not None:
                shown = ast.unparse(arg)
                self.report(arg, f"`{name}(...)` gets the 2-D point `{shown}`; Manim points are 3-D: write `np.array([x, y, 0])` (or `[x, y, 0]`).")

    def check_colors(self, node: ast.Call) -> None:
        values = [k.value for k in node.keywords if k.arg in COLOR_KEYWORDS]
        if isinstance(node.func, ast.Attribute) and node.func.attr in COLOR_METHODS and node.args:
            values.append(node.args[0])
        for value in values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                continue
            text = value.value
            if HEX_COLOR.match(text) or text.upper() in self.m.color_names:
                continue
            near = closest(text.upper().replace(" ", "_"), self.m.color_names)
            hint = f"`{near[0]}` or " if near else ""
            self.report(value, f"`{text!r}` is not a colour Manim knows; use a Manim constant ({hint}`BLUE`, `RED_C`) or a hex string like `\"#1F77B4\"`.")

    def signatures(self) -> list[str]:
        lines = []
        for key in self.involved[:MAX_SIGNATURES]:
            entry = self.m.classes[key]
            init = entry.get("init")
            if not init:
                continue
            shown = set(re.findall(r"(\w+)=", init["signature"]))
            extra = [k for k in init["keywords"] if k not in shown]
            text = f"{entry['name']}{init['signature']}"
            if extra:
                text += f"; through **kwargs also: {', '.join(extra)}"
            lines.append(text[:600])
        return lines


def check_api(tree: ast.Module, manifest: Manifest) -> tuple[list[dict], list[str]]:
    checker = ApiCheck(tree, manifest)
    checker.run()
    return checker.findings, checker.signatures()
