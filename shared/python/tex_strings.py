"""The Tex/MathTex strings of a scene that can be compiled on their own before the render.

Only calls whose positional arguments are all string literals qualify, and only when no
keyword changes how LaTeX sees them (a custom template, isolated substrings, colour maps
split the string); those are left to the render.
"""

import ast

TEX_CLASSES = {"Tex", "MathTex"}
SPLITTING_KEYWORDS = {"tex_template", "substrings_to_isolate", "tex_to_color_map", "arg_separator"}


def tex_strings(tree: ast.Module) -> list[dict]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in TEX_CLASSES):
            continue
        if not node.args or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args):
            continue
        if any(k.arg is None or k.arg in SPLITTING_KEYWORDS for k in node.keywords):
            continue
        env = next((k.value for k in node.keywords if k.arg == "tex_environment"), None)
        if env is not None and not (isinstance(env, ast.Constant) and isinstance(env.value, str)):
            continue
        found.append({"line": node.lineno, "kind": node.func.id, "strings": [a.value for a in node.args], "environment": env.value if env is not None else None})
    return found[:50]
