"""AST gate for LLM-written Manim scenes, run before any render.

Usage: python gate.py --class ClassName [--manifest manim-api.json] [--planned-seconds N] < scene.py
Prints one JSON line: {"ok": bool, "errors": [{"line": int, "message": str, "kind": str}],
"notes": [str], "estimated_seconds": float | null, "tex": [{"line", "kind", "strings",
"environment"}]}; `tex` lists the Tex/MathTex strings of a passed scene, to compile one by one. `kind` is security, structure, api,
estimate or syntax; `notes` are the real signatures of the Manim classes the findings name.

The gate is the cheap first wall: it refuses code that reaches for files, processes, the
network or the interpreter's internals, and code shaped so Manim cannot render it. The
sandbox (bubblewrap, prlimit, an unprivileged uid) is the real wall; the gate exists so a
scene fails fast with a message the LLM can act on instead of a confusing runtime error.
It only parses the code; it never executes it.
"""

import ast
import json
import os
import re
import sys

# Run with `python -I`, which leaves this folder off sys.path; the gate's parts live beside it.
# No bytecode beside them: the code folder may be read-only, and nothing should change there.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from api_check import Manifest, check_api  # noqa: E402
from runtime_estimate import estimate_problems  # noqa: E402
from scene_structure import structure_problems  # noqa: E402
from tex_strings import tex_strings  # noqa: E402

# One list with the code prompt (shared/src/llm/prompts.ts), which reads the same file.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "scene_imports.json"), encoding="utf-8") as _imports:
    ALLOWED_MODULES = set(json.load(_imports)["modules"])

# Named so the message can say why, rather than just "not in the allowlist".
FORBIDDEN_MODULES = {
    "os", "sys", "subprocess", "socket", "ctypes", "importlib", "pathlib", "shutil",
    "threading", "multiprocessing", "asyncio", "signal", "tempfile", "glob", "io", "pickle",
    "marshal", "shelve", "urllib", "http", "requests", "ftplib", "smtplib", "builtins",
    "inspect", "gc", "resource", "pty", "fcntl", "mmap", "code", "codeop", "runpy",
    "webbrowser", "platform", "select", "selectors", "ssl", "zipfile", "tarfile", "sqlite3",
}

FORBIDDEN_CALLS = {
    "eval", "exec", "compile", "__import__", "open", "input", "globals", "locals", "vars",
    "getattr", "setattr", "delattr", "breakpoint", "help", "memoryview", "exit", "quit",
}

# Names `from manim import *` brings in that touch files, config or the CLI.
FORBIDDEN_MANIM_NAMES = {
    "tempconfig", "open_file", "guarantee_existence", "guarantee_empty_existence",
    "modify_atime", "ensure_executable", "get_full_raster_image_path",
    "get_full_sound_file_path", "seek_full_path_from_defaults", "register_font", "capture",
    "get_video_metadata", "get_dir_layout", "plugins", "get_plugins", "list_plugins",
    "cli_ctx_settings", "manager", "console", "error_console",
}

# Bare names that can only mean a system module (never imported, so only reachable by leaks).
SYSTEM_NAMES = {"os", "sys", "subprocess", "socket", "ctypes", "importlib", "pathlib", "shutil", "builtins", "Path"}

# Attributes that read or write files, or lead back to the modules above.
FORBIDDEN_ATTRIBUTES = (FORBIDDEN_MODULES - {"code", "codeop", "select", "platform", "resource", "signal", "io", "http"}) | {
    "_os", "_sys", "file_ops", "sounds", "add_sound", "system", "popen", "load", "loadtxt",
    "genfromtxt", "fromfile", "tofile", "save", "savez", "savez_compressed", "savetxt",
    "memmap", "ctypeslib", "fromregex", "distutils", "f2py", "npyio", "open_memmap", "DataSource",
} | FORBIDDEN_MANIM_NAMES

# The job's voiceover helper (shared/python/narration.py), importable in exactly one form.
NARRATION_MODULE = "narration"
NARRATION_IMPORT = "from narration import VoiceoverScene"

FILE_CONSTRUCTORS = {"ImageMobject", "SVGMobject", "ImageMobjectFromCamera"}

# Parts of allowed packages that touch files, the CLI or the configuration.
FORBIDDEN_SUBMODULES = {"file_ops", "sounds", "commands", "cli", "plugins", "npyio", "ctypeslib", "distutils", "f2py", "testing", "lib"}

SCENE_BASES = {
    "Scene", "MovingCameraScene", "ThreeDScene", "SpecialThreeDScene", "ZoomedScene",
    "VectorScene", "LinearTransformationScene",
}

MANIMGL_BASES = {
    "GraphScene": "GraphScene was removed from Manim Community; subclass Scene and draw an `Axes(...)` object, then use `axes.plot(lambda x: ..., color=BLUE)`.",
    "NumberLineScene": "NumberLineScene does not exist in Manim Community; subclass Scene and create a `NumberLine(...)`.",
    "SampleSpaceScene": "SampleSpaceScene does not exist in Manim Community; subclass Scene and build the diagram from Rectangles.",
}

FORMAT_FIELD_DUNDER = re.compile(r"\{[^{}]*__")
LATEX_FILE_ACCESS = re.compile(r"\\(input|include|includegraphics|openin|openout|write18|immediate|read)\b")

ALLOWED_DUNDER_NAMES = {"__name__"}


class Gate(ast.NodeVisitor):
    def __init__(self, class_name: str) -> None:
        self.class_name = class_name
        self.errors: list[dict] = []
        self.module_aliases: set[str] = set()

    def fail(self, node: ast.AST, message: str, kind: str = "security") -> None:
        self.errors.append({"line": getattr(node, "lineno", 0), "message": message, "kind": kind})

    # --- imports -------------------------------------------------------------------------
    def check_module(self, node: ast.AST, module: str) -> bool:
        top = module.split(".")[0]
        if top in ("manimlib", "manimgl"):
            self.fail(node, f"`{module}` is ManimGL, not Manim Community; use `from manim import *` (Manim Community 0.22).")
            return False
        if top in FORBIDDEN_MODULES:
            self.fail(node, f"importing `{module}` is not allowed: a scene must not touch files, processes, the network or the interpreter. Use only manim, numpy and the math modules ({', '.join(sorted(ALLOWED_MODULES - {'__future__'}))}).")
            return False
        if top not in ALLOWED_MODULES:
            self.fail(node, f"importing `{module}` is not allowed; allowed modules: {', '.join(sorted(ALLOWED_MODULES - {'__future__'}))}.")
            return False
        inner = [part for part in module.split(".")[1:] if part.startswith("_") or part in FORBIDDEN_SUBMODULES]
        if inner:
            self.fail(node, f"importing `{module}` is not allowed: it reaches files, the CLI or the configuration. `from manim import *` has everything a scene needs.")
            return False
        return True

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] == NARRATION_MODULE:
                self.fail(node, f"import the voiceover helper as `{NARRATION_IMPORT}`.")
                continue
            if self.check_module(node, alias.name):
                self.module_aliases.add((alias.asname or alias.name).split(".")[0])
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self.fail(node, "relative imports are not allowed; a scene is a single file that imports from manim.")
            return
        if node.module == NARRATION_MODULE:
            if [(a.name, a.asname) for a in node.names] != [("VoiceoverScene", None)]:
                self.fail(node, f"from `narration` import only VoiceoverScene: `{NARRATION_IMPORT}`.")
            return
        if self.check_module(node, node.module or ""):
            for alias in node.names:
                name = alias.name
                if name in FORBIDDEN_MODULES or name in FORBIDDEN_MANIM_NAMES or name in FORBIDDEN_ATTRIBUTES or name.startswith("_"):
                    self.fail(node, f"importing `{name}` from `{node.module}` is not allowed.")
        self.generic_visit(node)

    # --- names and attributes ------------------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        name = node.id
        if name in FORBIDDEN_CALLS:
            self.fail(node, f"`{name}` is not allowed in a scene; write the code directly instead.")
        elif name.startswith("__") and name not in ALLOWED_DUNDER_NAMES:
            self.fail(node, f"the name `{name}` is not allowed (no double-underscore names).")
        elif name in SYSTEM_NAMES:
            self.fail(node, f"`{name}` is not available in a scene; do not use it.")
        elif name in FORBIDDEN_MANIM_NAMES:
            self.fail(node, f"`{name}` touches files or Manim's configuration and is not allowed in a scene.")
        elif name == "config" and isinstance(node.ctx, (ast.Store, ast.Del)):
            self.fail(node, "assigning to `config` is not allowed; the renderer sets resolution, frame rate and output.")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        attr = node.attr
        root = node.value
        while isinstance(root, (ast.Attribute, ast.Subscript, ast.Call)):
            root = root.value if not isinstance(root, ast.Call) else root.func
        rooted_in_module = isinstance(root, ast.Name) and root.id in self.module_aliases
        if attr == "add_sound":
            self.fail(node, f"`add_sound` is not allowed: scenes cannot read files. Narration plays through `{NARRATION_IMPORT}` and `with self.voiceover(text=...) as tracker:`.")
        elif attr.startswith("__") and not (attr == "__init__" and is_super_call(node.value)):
            self.fail(node, f"the attribute `{attr}` is not allowed (no double-underscore attributes; `super().__init__(...)` is fine).")
        elif attr in FORBIDDEN_ATTRIBUTES:
            self.fail(node, f"the attribute `.{attr}` is not allowed: a scene must not read or write files or reach system modules.")
        elif rooted_in_module and attr.startswith("_"):
            self.fail(node, f"the private module attribute `.{attr}` is not allowed.")
        elif is_config(node.value) and isinstance(node.ctx, (ast.Store, ast.Del)):
            self.fail(node, f"setting `config.{attr}` is not allowed; the renderer sets resolution, frame rate and output. Position things inside the frame instead.")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if is_config(node.value) and isinstance(node.ctx, (ast.Store, ast.Del)):
            self.fail(node, "setting `config[...]` is not allowed; the renderer sets resolution, frame rate and output.")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and is_config(func.value):
            self.fail(node, f"calling `config.{func.attr}(...)` is not allowed; the renderer owns the configuration.")
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in FILE_CONSTRUCTORS and reads_a_file(name, node):
            self.fail(node, f"`{name}` from a file path is not allowed: a scene cannot read files. Draw the shape with Manim primitives (Circle, Polygon, VMobject) instead.")
        if name == "Code" and (node.args or any(k.arg in ("code_file", "file_name") for k in node.keywords)):
            self.fail(node, "`Code(...)` may only take `code_string=...`; reading a source file is not allowed.")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            # Only format fields can walk attributes ("{0.__class__}".format(x)); plain text
            # such as a topic about `obj.__dict__` stays allowed.
            if FORMAT_FIELD_DUNDER.search(node.value):
                self.fail(node, "format fields that name double-underscore attributes are not allowed.")
            if LATEX_FILE_ACCESS.search(node.value):
                self.fail(node, "LaTeX commands that read or write files (\\input, \\include, \\includegraphics, \\openin, \\write18 …) are not allowed.")

    # --- structure -----------------------------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == "CONFIG":
                self.fail(node, "`CONFIG = {...}` is ManimGL style; pass the values as arguments in `construct` instead.", "structure")
        self.generic_visit(node)


def is_super_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"


def is_config(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id == "config"
    return isinstance(node, ast.Attribute) and node.attr == "config" and isinstance(node.value, ast.Name) and node.value.id == "manim"


def reads_a_file(name: str, call: ast.Call) -> bool:
    # SVGMobject only ever reads a file; ImageMobject may take a pixel array, which is fine.
    if name != "ImageMobject":
        return True
    first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("filename_or_array", "file_name", "filename")), None)
    return first is None or isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.Name, ast.Attribute))


def base_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def check_scenes(tree: ast.Module, class_name: str, gate: Gate) -> None:
    classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    scene_names: set[str] = set()
    # A class is a scene if it derives from a Manim scene base, directly or via a local class.
    changed = True
    while changed:
        changed = False
        for cls in classes:
            if cls.name in scene_names:
                continue
            for base in cls.bases:
                b = base_name(base)
                if b in MANIMGL_BASES:
                    gate.fail(cls, MANIMGL_BASES[b], "structure")
                    scene_names.add(cls.name)
                    changed = True
                    break
                if b in SCENE_BASES or b in scene_names or (b and b.endswith("Scene")):
                    scene_names.add(cls.name)
                    changed = True
                    break
    scenes = [c for c in classes if c.name in scene_names]
    if not scenes:
        gate.fail(tree, f"no Scene subclass found; define exactly one `class {class_name}(Scene):` with a `construct(self)` method.")
        return
    others = [c for c in scenes if c.name != class_name]
    for other in others:
        gate.fail(other, f"only one Scene subclass is allowed and it must be named `{class_name}`; found `{other.name}`. Merge everything into `{class_name}.construct`.")
    mine = [c for c in scenes if c.name == class_name]
    if not mine:
        return
    if len(mine) > 1:
        gate.fail(mine[1], f"`{class_name}` is defined more than once; define it once.")
    scene = mine[0]
    construct = [n for n in scene.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "construct"]
    if not construct:
        gate.fail(scene, f"`{class_name}` has no `construct(self)` method; put the animation in `def construct(self):`.")
    elif isinstance(construct[0], ast.AsyncFunctionDef):
        gate.fail(construct[0], "`construct` must be a plain `def`, not `async def`.")


def gate(code: str, class_name: str, manifest: Manifest | None = None, planned_seconds: float | None = None) -> dict:
    try:
        tree = ast.parse(code, filename="scene.py")
    except SyntaxError as err:
        detail = f" near `{err.text.strip()}`" if err.text and err.text.strip() else ""
        return {"ok": False, "errors": [{"line": err.lineno or 0, "message": f"SyntaxError: {err.msg} (line {err.lineno}){detail}. The code may be truncated or mis-indented.", "kind": "syntax"}], "notes": [], "estimated_seconds": None}
    except (ValueError, RecursionError, MemoryError) as err:
        return {"ok": False, "errors": [{"line": 0, "message": f"the code cannot be parsed: {type(err).__name__}", "kind": "syntax"}], "notes": [], "estimated_seconds": None}
    checker = Gate(class_name)
    notes: list[str] = []
    seconds = None
    try:
        checker.visit(tree)
        check_scenes(tree, class_name, checker)
        checker.errors += structure_problems(tree)
        scene = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name), None)
        seconds, too_long = estimate_problems(scene, planned_seconds)
        checker.errors += too_long
        if manifest is not None:
            findings, notes = check_api(tree, manifest)
            checker.errors += [{**f, "kind": "api"} for f in findings]
    except RecursionError:
        checker.fail(tree, "the code is nested too deeply to check; write it more plainly.")
    seen = set()
    errors = []
    for e in sorted(checker.errors, key=lambda e: e["line"]):
        key = (e["line"], e["message"])
        if key not in seen:
            seen.add(key)
            errors.append(e)
    return {"ok": not errors, "errors": errors[:30], "notes": notes if errors else [], "estimated_seconds": seconds, "tex": [] if errors else tex_strings(tree)}


def usage() -> None:
    print(json.dumps({"ok": False, "errors": [{"line": 0, "message": "usage: gate.py --class <ClassName> [--manifest <manim-api.json>] [--planned-seconds <n>] < scene.py", "kind": "usage"}]}))
    sys.exit(2)


def main() -> None:
    args = sys.argv[1:]
    options: dict[str, str] = {}
    while args:
        if len(args) < 2 or args[0] not in ("--class", "--manifest", "--planned-seconds"):
            usage()
        options[args[0]] = args[1]
        args = args[2:]
    class_name = options.get("--class", "")
    if not class_name.isidentifier():
        usage()
    try:
        planned = float(options["--planned-seconds"]) if "--planned-seconds" in options else None
    except ValueError:
        usage()
    manifest = None
    if "--manifest" in options:
        try:
            manifest = Manifest(options["--manifest"])
        except (OSError, ValueError, KeyError) as err:
            # Loud, not skipped: without it the API check would pass every invented name.
            print(json.dumps({"ok": False, "errors": [{"line": 0, "message": f"the Manim API manifest {options['--manifest']} cannot be read ({type(err).__name__}); run infra/setup/ensure.sh", "kind": "setup"}]}))
            sys.exit(3)
    code = sys.stdin.read()
    print(json.dumps(gate(code, class_name, manifest, planned)))


if __name__ == "__main__":
    main()
