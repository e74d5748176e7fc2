"""What is on screen: a deterministic layout check that rides along inside a Manim render.

`install()` wraps `Scene.play` and `Scene.wait`: after each one it walks the scene's
mobjects down to the text-like ones (Text, MarkupText, MathTex, Tex, Code, images …),
takes their boxes in frame coordinates and reports

- ``out_of_frame``  a box beyond the frame less a small margin,
- ``overlap``       two text boxes sharing at least 15 % of the smaller one,
- ``too_small``     glyphs shorter than a readable minimum for the output's pixel height,
- ``low_contrast``  text below WCAG 3:1 against what is behind it (the background, or a
                    filled shape drawn under it).

Each finding names the time, the scene-file line that created the object and one sentence
to act on. When the scene has rendered, the findings go to ``layout.json`` and the most
telling frame (the one showing the most text) to ``thumbnail.png``, both in the output
directory. Nothing here renders a second time: it reads the state the render already has.

The module is self-contained (standard library, Manim, numpy, Pillow) so that any launcher
can call ``install()`` once before Manim runs the scene file.
"""

from __future__ import annotations

import json
import os
import sys
import time

# How close to the frame edge text may come, in scene units. Less than the 0.5 the prompt
# asks for (SAFE_MARGIN in shared/src/domain/presets.ts) on purpose: the check flags what is
# at risk of being cut, so `to_edge` with its 0.5 buff never trips it.
EDGE_MARGIN = 0.15
OVERLAP_SHARE = 0.15
CONTRAST_MIN = 3.0
# Readable text: the tallest glyph of a text object covers at least this share of the
# frame height (≈ 11 px at 480p, 24 px at 1080p), and never fewer than MIN_TEXT_PX pixels.
MIN_TEXT_SHARE = 0.022
MIN_TEXT_PX = 10
MAX_FINDINGS = 40
THUMBNAIL_MAX_WIDTH = 640
# A filled shape counts as the backdrop of text when it is this opaque.
BACKDROP_OPACITY = 0.5

_state = None


class _State:
    def __init__(self, out_dir, scene_file, margin):
        self.out_dir = out_dir
        self.scene_file = os.path.abspath(scene_file) if scene_file else None
        self.margin = margin
        self.findings = []
        self.seen = set()
        self.check_seconds = 0.0
        self.checks = 0
        self.best_score = -1
        self.best_frame = None
        self.depth = 0


def install(out_dir, scene_file, margin=EDGE_MARGIN):
    """Hook the check into Manim, before the scene file is loaded; outputs go to `out_dir`."""
    global _state
    _state = _State(out_dir, scene_file, margin)

    from manim import Scene
    from manim.mobject.mobject import Mobject

    _remember_lines(Mobject)
    original_play, original_wait, original_render = Scene.play, Scene.wait, Scene.render

    def step(original):
        def run(self, *args, **kwargs):
            # Scene.wait plays a Wait animation: check once, when the outer call returns.
            _state.depth += 1
            try:
                result = original(self, *args, **kwargs)
            finally:
                _state.depth -= 1
            if _state.depth == 0:
                _after_step(self)
            return result

        run.__wrapped__ = original
        return run

    play, wait = step(original_play), step(original_wait)

    def render(self, *args, **kwargs):
        result = original_render(self, *args, **kwargs)
        _write_outputs()
        return result

    Scene.play, Scene.wait, Scene.render = play, wait, render


# --- where an object came from -------------------------------------------------------

def _remember_lines(mobject_class):
    """Tag every mobject with the innermost scene-file line on the stack when it was made."""
    original_init = mobject_class.__init__
    names = frozenset({_state.scene_file, os.path.realpath(_state.scene_file)}) if _state.scene_file else frozenset()

    state = _state
    clock = time.perf_counter

    def init(self, *args, **kwargs):
        if "_layout_line" not in self.__dict__:
            started = clock()
            self.__dict__["_layout_line"] = _scene_line(names)
            state.check_seconds += clock() - started
        original_init(self, *args, **kwargs)

    mobject_class.__init__ = init


def _scene_line(names):
    if not names:
        return 0
    frame = sys._getframe(2)
    depth = 0
    # String compares only: this runs for every mobject made, glyphs included.
    while frame is not None and depth < 60:
        if frame.f_code.co_filename in names:
            return frame.f_lineno
        frame = frame.f_back
        depth += 1
    return 0


# --- what is on screen ---------------------------------------------------------------

def _text_types():
    import manim

    names = ["Text", "MarkupText", "Paragraph", "SingleStringMathTex", "MathTex", "Tex", "Code",
             "DecimalNumber", "Integer", "ImageMobject"]
    return tuple(getattr(manim, n) for n in names if hasattr(manim, n))


def _skip_types():
    import manim

    # Axes and number lines carry their own tick labels; their placement is Manim's, not the scene's.
    names = ["CoordinateSystem", "NumberLine"]
    return tuple(getattr(manim, n) for n in names if hasattr(manim, n))


_TYPES = None


def _types():
    global _TYPES
    if _TYPES is None:
        _TYPES = (_text_types(), _skip_types())
    return _TYPES


def _collect(scene):
    """(texts, backdrops) in drawing order: text units, and opaque filled shapes that may sit behind them."""
    text_types, skip_types = _types()
    texts, backdrops = [], []
    order = [0]

    def visit(mob):
        if skip_types and isinstance(mob, skip_types):
            return
        if isinstance(mob, text_types):
            order[0] += 1
            if _visible(mob):
                texts.append((order[0], mob))
            return
        if _is_backdrop(mob):
            order[0] += 1
            backdrops.append((order[0], mob))
        for sub in mob.submobjects:
            visit(sub)

    for mob in scene.mobjects:
        visit(mob)
    return texts, backdrops


def _visible(mob):
    import numpy as np

    if _is_image(mob):
        return getattr(mob, "pixel_array", None) is not None and mob.get_width() > 0
    family = [m for m in mob.get_family() if m.has_points()] if hasattr(mob, "has_points") else []
    if not family:
        return False
    for m in family:
        fill = m.get_fill_opacities() if hasattr(m, "get_fill_opacities") else np.zeros(1)
        stroke = m.get_stroke_opacities() if hasattr(m, "get_stroke_opacities") else np.zeros(1)
        if (len(fill) and float(np.max(fill)) > 0.05) or (len(stroke) and float(np.max(stroke)) > 0.05 and m.get_stroke_width() > 0):
            return True
    return False


def _is_image(mob):
    return hasattr(mob, "pixel_array") and not hasattr(mob, "get_fill_opacities")


def _is_backdrop(mob):
    if not hasattr(mob, "get_fill_opacity") or not mob.has_points():
        return False
    try:
        return float(mob.get_fill_opacity()) >= BACKDROP_OPACITY
    except Exception:
        return False


def _box(mob):
    import numpy as np

    points = mob.get_all_points() if not _is_image(mob) else mob.points
    if points is None or len(points) == 0:
        return None
    lo = np.min(points, axis=0)
    hi = np.max(points, axis=0)
    return (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))


def _frame(scene):
    camera = scene.camera
    frame = getattr(camera, "frame", None)
    if frame is not None:
        center = frame.get_center()
        return float(center[0]), float(center[1]), float(frame.width), float(frame.height)
    center = getattr(camera, "frame_center", (0.0, 0.0, 0.0))
    return float(center[0]), float(center[1]), float(camera.frame_width), float(camera.frame_height)


# --- the checks ----------------------------------------------------------------------

def _after_step(scene):
    if _state is None:
        return
    started = time.perf_counter()
    try:
        _check(scene)
    except Exception as error:  # the check must never break a render
        _add("internal", _time(scene), 0, [], f"layout check skipped a step: {type(error).__name__}: {error}", key=("internal",))
    finally:
        _state.check_seconds += time.perf_counter() - started
        _state.checks += 1


def _time(scene):
    return round(float(getattr(scene.renderer, "time", 0.0)), 2)


def _check(scene):
    from manim import config

    t = _time(scene)
    cx, cy, fw, fh = _frame(scene)
    texts, backdrops = _collect(scene)
    units_per_px = fh / config.pixel_height
    boxes = []
    for order, mob in texts:
        box = _box(mob)
        if box is None:
            continue
        rel = (box[0] - cx, box[1] - cy, box[2] - cx, box[3] - cy)
        boxes.append((order, mob, rel))
        _check_frame(t, mob, rel, fw, fh)
        if not _is_image(mob):
            _check_size(t, mob, fh, config.pixel_height)
            _check_contrast(t, mob, order, rel, backdrops, scene, cx, cy)
    _check_overlaps(t, boxes, units_per_px)
    _consider_thumbnail(scene, len(boxes))


def _check_frame(t, mob, box, fw, fh):
    m = _state.margin
    left, bottom, right, top = box
    half_w, half_h = fw / 2 - m, fh / 2 - m
    sides = []
    if left < -half_w:
        sides.append(("left", -half_w - left))
    if right > half_w:
        sides.append(("right", right - half_w))
    if bottom < -half_h:
        sides.append(("bottom", -half_h - bottom))
    if top > half_h:
        sides.append(("top", top - half_h))
    if not sides:
        return
    where = " and ".join(f"the {side} edge by {amount:.2f}" for side, amount in sides)
    width, height = right - left, top - bottom
    if width > 2 * half_w or height > 2 * half_h:
        fix = f"it is {width:.2f} x {height:.2f} units but the safe area is {2 * half_w:.2f} x {2 * half_h:.2f}: scale it down (.scale_to_fit_width({2 * half_w - 0.2:.1f})) or break it into lines"
    else:
        fix = "move it inwards (e.g. .to_edge with a buff, or arrange it with its neighbours in a VGroup)"
    _add("out_of_frame", t, _line(mob), [_describe(mob)], f"{_describe(mob)} passes {where} units; {fix}.", key=("out_of_frame", id(mob)))


def _check_overlaps(t, boxes, units_per_px):
    # Images are backdrops for text drawn over them; only text against text counts.
    texts = [(o, m, b) for o, m, b in boxes if not _is_image(m)]
    for i in range(len(texts)):
        _, a, ba = texts[i]
        for j in range(i + 1, len(texts)):
            _, b, bb = texts[j]
            w = min(ba[2], bb[2]) - max(ba[0], bb[0])
            h = min(ba[3], bb[3]) - max(ba[1], bb[1])
            if w <= units_per_px or h <= units_per_px:
                continue
            smaller = min((ba[2] - ba[0]) * (ba[3] - ba[1]), (bb[2] - bb[0]) * (bb[3] - bb[1]))
            if smaller <= 0:
                continue
            share = w * h / smaller
            if share < OVERLAP_SHARE:
                continue
            da, db = _describe(a), _describe(b)
            _add("overlap", t, _line(b) or _line(a), [da, db],
                 f"{da} and {db} overlap ({share:.0%} of the smaller one); place one with .next_to(other, DOWN) or arrange both in a VGroup, or fade the first out before the second appears.",
                 key=("overlap", id(a), id(b)))


def _parts(mob):
    """A text unit's glyphs, and the filled panels it carries (Code's background, add_background_rectangle)."""
    from manim import Polygram

    glyphs, panels = [], []
    for m in mob.get_family():
        if m is mob or not m.has_points() or m.submobjects:
            continue
        (panels if isinstance(m, Polygram) and _is_backdrop(m) else glyphs).append(m)
    return glyphs or [mob], panels


def _check_size(t, mob, frame_height, pixel_height):
    glyphs, _ = _parts(mob)
    tallest = max(g.get_height() for g in glyphs)
    if tallest <= 0:
        return
    px = tallest / frame_height * pixel_height
    need = max(MIN_TEXT_PX, MIN_TEXT_SHARE * pixel_height)
    if px >= need:
        return
    factor = need / px
    _add("too_small", t, _line(mob), [_describe(mob)],
         f"{_describe(mob)} is {px:.0f} px tall at {pixel_height} px output, below the readable {need:.0f} px; make it at least {factor:.1f}x larger (font_size or .scale).",
         key=("too_small", id(mob)))


def _check_contrast(t, mob, order, box, backdrops, scene, cx, cy):
    glyphs, panels = _parts(mob)
    colour = _text_colour(glyphs)
    if colour is None:
        return
    rgb, alpha = colour
    if panels:
        # Text on its own panel is read against the panel.
        rgba = panels[0].get_fill_rgbas()[0]
        behind, what = (float(rgba[0]), float(rgba[1]), float(rgba[2])), "its own background panel"
    else:
        behind, what = _behind(order, box, backdrops, scene, cx, cy)
    seen = tuple(alpha * rgb[k] + (1 - alpha) * behind[k] for k in range(3))
    ratio = _contrast(seen, behind)
    if ratio >= CONTRAST_MIN:
        return
    _add("low_contrast", t, _line(mob), [_describe(mob)],
         f"{_describe(mob)} has contrast {ratio:.1f}:1 against {what} (WCAG asks 3:1); use a lighter or darker colour (e.g. WHITE or YELLOW on a dark background).",
         key=("low_contrast", id(mob)))


def _text_colour(glyphs):
    import numpy as np

    for m in glyphs:
        if not m.has_points() or not hasattr(m, "get_fill_rgbas"):
            continue
        rgbas = m.get_fill_rgbas()
        if len(rgbas) and float(np.max(rgbas[:, 3])) > 0.05:
            rgba = rgbas[0]
            return (float(rgba[0]), float(rgba[1]), float(rgba[2])), float(rgba[3])
        stroke = m.get_stroke_rgbas()
        if len(stroke) and float(np.max(stroke[:, 3])) > 0.05 and m.get_stroke_width() > 0:
            rgba = stroke[0]
            return (float(rgba[0]), float(rgba[1]), float(rgba[2])), float(rgba[3])
    return None


def _behind(order, box, backdrops, scene, cx, cy):
    """The colour right behind a text: the last opaque filled shape drawn before it and holding its centre."""
    mx, my = (box[0] + box[2]) / 2 + cx, (box[1] + box[3]) / 2 + cy
    for b_order, shape in reversed(backdrops):
        if b_order >= order:
            continue
        sb = _box(shape)
        if sb and sb[0] <= mx <= sb[2] and sb[1] <= my <= sb[3]:
            rgba = shape.get_fill_rgbas()[0]
            return (float(rgba[0]), float(rgba[1]), float(rgba[2])), f"the {type(shape).__name__} behind it"
    from manim import ManimColor

    bg = ManimColor.parse(scene.camera.background_color).to_rgb()
    return (float(bg[0]), float(bg[1]), float(bg[2])), "the background"


def _luminance(rgb):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(max(0.0, min(1.0, c))) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    la, lb = _luminance(a), _luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


# --- findings ------------------------------------------------------------------------

def _line(mob):
    return int(mob.__dict__.get("_layout_line", 0) or 0)


def _describe(mob):
    name = type(mob).__name__
    text = getattr(mob, "original_text", None) or getattr(mob, "tex_string", None) or getattr(mob, "text", None)
    if not isinstance(text, str) and hasattr(mob, "get_value"):
        try:
            text = str(mob.get_value())
        except Exception:
            text = None
    if isinstance(text, str):
        text = " ".join(text.split())
        if len(text) > 40:
            text = text[:39] + "…"
        label = f'{name}("{text}")'
    else:
        label = name
    line = _line(mob)
    return f"{label} (line {line})" if line else label


def _add(kind, t, line, objects, message, key):
    if key in _state.seen or len(_state.findings) >= MAX_FINDINGS:
        return
    _state.seen.add(key)
    _state.findings.append({"kind": kind, "t": t, "line": line, "objects": objects, "message": message})


# --- the picture ---------------------------------------------------------------------

def _consider_thumbnail(scene, text_count):
    # The frame showing the most text tells what the scene is about; ties go to the earlier one.
    score = text_count * 1000 + min(len(scene.mobjects), 999)
    if score <= _state.best_score:
        return
    try:
        frame = scene.renderer.get_frame()
    except Exception:
        return
    if frame is None:
        return
    _state.best_score = score
    _state.best_frame = frame.copy()


def _write_outputs():
    state = _state
    if state is None:
        return
    started = time.perf_counter()
    if state.best_frame is not None:
        try:
            from PIL import Image

            image = Image.fromarray(state.best_frame).convert("RGB")
            if image.width > THUMBNAIL_MAX_WIDTH:
                image = image.resize((THUMBNAIL_MAX_WIDTH, round(image.height * THUMBNAIL_MAX_WIDTH / image.width)))
            image.save(os.path.join(state.out_dir, "thumbnail.png"), optimize=True)
        except Exception as error:
            _add("internal", 0, 0, [], f"no thumbnail: {type(error).__name__}: {error}", key=("thumbnail",))
    state.check_seconds += time.perf_counter() - started
    report = {
        "findings": [f for f in state.findings if f["kind"] != "internal"],
        "notes": [f["message"] for f in state.findings if f["kind"] == "internal"],
        "checks": state.checks,
        "check_seconds": round(state.check_seconds, 4),
    }
    with open(os.path.join(state.out_dir, "layout.json"), "w", encoding="utf-8") as out:
        json.dump(report, out)
