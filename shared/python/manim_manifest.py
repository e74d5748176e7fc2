"""Writes the manifest of the installed Manim's public API that the gate's API check reads.

Usage: python manim_manifest.py OUT.json   (run by infra/setup/ensure.sh inside the venv)

The gate itself never imports Manim (it only parses the scene); it reads what this script
found by introspecting the venv once: every name `from manim import *` brings in, each
class's MRO, its own members, the attributes its methods assign to `self`, the keywords its
constructor accepts (following `**kwargs` up the MRO until a constructor without them), the
parameters and return types of its methods, and the names of the modules a scene may import.
"""

import ast
import inspect
import json
import re
import sys
import textwrap
import warnings

warnings.simplefilter("ignore")

import manim  # noqa: E402
import numpy  # noqa: E402

# The modules a scene may import (shared/python/gate.py's allow-list) whose attributes are checked.
MODULES = ["numpy", "numpy.linalg", "numpy.random", "math", "cmath", "random", "itertools", "functools", "collections", "colorsys", "string", "statistics", "fractions", "decimal", "copy", "textwrap", "typing", "dataclasses", "enum", "re", "abc"]

SELF_ASSIGN = re.compile(r"\bself\.([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)")
KWARGS_READ = re.compile(r"\bkwargs(?:\.(?:pop|get|setdefault)\(\s*|\[\s*)[\"']([A-Za-z_]\w*)[\"']")


def key_of(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def params_of(func) -> dict | None:
    """Parameter names, whether it takes **kwargs, *args, and a short signature text."""
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    names, var_kw, var_pos = [], False, False
    for p in sig.parameters.values():
        if p.kind == p.VAR_KEYWORD:
            var_kw = True
        elif p.kind == p.VAR_POSITIONAL:
            var_pos = True
        elif p.name != "self":
            names.append(p.name)
    returns = sig.return_annotation
    ret = returns if isinstance(returns, str) else getattr(returns, "__name__", None) if returns is not sig.empty else None
    return {"params": names, "kwargs": var_kw, "args": var_pos, "returns": ret, "signature": short_signature(sig)}


def short_signature(sig: inspect.Signature) -> str:
    parts = []
    for p in sig.parameters.values():
        if p.name == "self":
            continue
        if p.kind == p.VAR_KEYWORD:
            parts.append(f"**{p.name}")
        elif p.kind == p.VAR_POSITIONAL:
            parts.append(f"*{p.name}")
        elif p.default is p.empty:
            parts.append(p.name)
        else:
            parts.append(f"{p.name}={short_value(p.default)}")
    return f"({', '.join(parts)})"


def short_value(value) -> str:
    if isinstance(value, manim.ManimColor):
        return value.to_hex()
    if isinstance(value, numpy.ndarray):
        return repr(value.tolist())
    if inspect.isfunction(value) or inspect.isclass(value):
        return value.__name__
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def source_of(obj) -> str:
    try:
        return textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError):
        return ""


def describe_class(cls: type) -> dict:
    own = {}
    methods = {}
    for name, value in cls.__dict__.items():
        if name.startswith("__") and name != "__init__":
            continue
        raw = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        if isinstance(value, property):
            own[name] = "property"
        elif inspect.isfunction(raw):
            own[name] = "method"
            info = params_of(raw)
            if info:
                methods[name] = info
        else:
            own[name] = "value"
    source = source_of(cls)
    attrs = sorted(set(SELF_ASSIGN.findall(source)))
    init = cls.__dict__.get("__init__")
    kwargs_read = sorted(set(KWARGS_READ.findall(source_of(init)))) if inspect.isfunction(init) else []
    return {
        "name": cls.__name__,
        "mro": [key_of(k) for k in cls.__mro__],
        "own": own,
        "attrs": attrs,
        "methods": methods,
        "kwargs_read": kwargs_read,
        # A __getattr__ answers names no manifest can list (Mobject's get_*/set_* magic).
        "getattr": "__getattr__" in cls.__dict__,
    }


def constructor(cls: type, classes: dict) -> dict:
    """The keywords `cls(...)` accepts: each __init__ up the MRO while the previous one takes **kwargs."""
    accepted: list[str] = []
    open_ended = False
    signature = None
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        if klass is object:
            break
        info = params_of(init)
        if info is None or not inspect.isfunction(init):
            open_ended = True  # a C or generated constructor: nothing to follow
            break
        if signature is None:
            signature = info["signature"]
        accepted += [p for p in info["params"] if p not in accepted]
        accepted += [p for p in classes[key_of(klass)]["kwargs_read"] if p not in accepted]
        if not info["kwargs"]:
            break
    else:
        open_ended = True
    return {"keywords": accepted, "open": open_ended, "signature": signature or "(...)"}


def main() -> None:
    out = sys.argv[1]
    namespace: dict = {}
    exec("from manim import *", namespace)
    names = {}
    functions = {}
    classes: dict = {}
    exported: dict = {}
    for name, value in sorted(namespace.items()):
        if name.startswith("__"):
            continue
        if inspect.ismodule(value):
            names[name] = f"module:{value.__name__}"
        elif inspect.isclass(value):
            names[name] = "class"
            exported[name] = key_of(value)
            for klass in value.__mro__:
                if key_of(klass) not in classes:
                    classes[key_of(klass)] = describe_class(klass)
        elif callable(value):
            names[name] = "function"
            info = params_of(value)
            if info:
                functions[name] = info
        else:
            names[name] = "value"
    # Types reached through attributes a scene uses all the time.
    for klass in (manim.Camera, manim.MovingCamera, manim.ThreeDCamera, manim.mobject.mobject._AnimationBuilder):
        for k in klass.__mro__:
            classes.setdefault(key_of(k), describe_class(k))
    ctors = {}
    for name, key in exported.items():
        ctors[key] = constructor(namespace[name], classes)
    for key, entry in classes.items():
        if key in ctors:
            entry["init"] = ctors[key]
    subclassed = set()
    for entry in classes.values():
        subclassed.update(entry["mro"][1:])
    for key, entry in classes.items():
        entry["subclassed"] = key in subclassed
    modules = {}
    for mod_name in MODULES:
        try:
            mod = __import__(mod_name, fromlist=["_"])
        except ImportError:
            continue
        modules[mod_name] = {
            "names": sorted(n for n in dir(mod) if not n.startswith("__")),
            "star": sorted(getattr(mod, "__all__", [n for n in dir(mod) if not n.startswith("_")])),
        }
    from manim.utils.color import _all_color_dict

    manifest = {
        "manim_version": manim.__version__,
        # The names ManimColor("...") accepts (upper-cased), besides hex strings.
        "color_names": sorted(_all_color_dict),
        "numpy_version": numpy.__version__,
        "python": sys.version.split()[0],
        "names": names,
        "exported_classes": exported,
        "classes": classes,
        "functions": functions,
        "modules": modules,
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(manifest, f, separators=(",", ":"), sort_keys=True)


if __name__ == "__main__":
    main()
