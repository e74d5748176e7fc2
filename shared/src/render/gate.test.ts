import { describe, expect, it } from 'vitest';
import { renderConfigFromEnv } from './config.js';
import { gateCode } from './gate.js';

const config = renderConfigFromEnv({});

const scene = (body: string, header = 'from manim import *') =>
  `${header}\n\nclass Demo(Scene):\n    def construct(self):\n${body.split('\n').map((l) => `        ${l}`).join('\n')}\n`;

describe('AST gate', () => {
  it('passes an ordinary scene, with numpy, math and a helper mobject class', async () => {
    const code = `from manim import *
import numpy as np
import math
from dataclasses import dataclass

class Dot3(VGroup):
    def __init__(self, **kwargs):
        super().__init__(*[Dot() for _ in range(3)], **kwargs)

class Demo(MovingCameraScene):
    def construct(self):
        axes = Axes(x_range=[0, 5], y_range=[0, 5])
        graph = axes.plot(lambda x: math.sqrt(x) + np.sin(x), color=BLUE)
        self.play(Create(axes), Create(graph))
        self.play(self.camera.frame.animate.scale(0.8))
        self.wait()
`;
    expect(await gateCode(code, 'Demo', config)).toMatchObject({ ok: true, errors: [] });
  });

  it('passes a narrated scene in the one voiceover shape', async () => {
    const code = 'from manim import *\nfrom narration import VoiceoverScene\n\nclass Demo(VoiceoverScene):\n    def construct(self):\n        with self.voiceover(text="Hello.") as tracker:\n            self.play(Create(Circle()), run_time=tracker.duration)\n';
    expect(await gateCode(code, 'Demo', config)).toMatchObject({ ok: true, errors: [] });
  });

  it('passes user text that merely mentions a dunder, as a topic like "obj.__dict__" does', async () => {
    const code = scene('self.add(Text("What obj.__dict__ holds, and window.__x"))\nself.wait()');
    expect(await gateCode(code, 'Demo', config)).toMatchObject({ ok: true, errors: [] });
  });

  const refused: Array<[string, string, RegExp]> = [
    ['import os', scene('self.wait()', 'from manim import *\nimport os'), /importing `os` is not allowed/],
    ['from subprocess import run', scene('run(["ls"])', 'from manim import *\nfrom subprocess import run'), /importing `subprocess`/],
    ['import socket', scene('self.wait()', 'from manim import *\nimport socket'), /importing `socket`/],
    ['import ctypes', scene('self.wait()', 'from manim import *\nimport ctypes'), /importing `ctypes`/],
    ['import importlib', scene('self.wait()', 'from manim import *\nimport importlib'), /importing `importlib`/],
    ['pathlib', scene('self.wait()', 'from manim import *\nfrom pathlib import Path'), /importing `pathlib`/],
    ['unknown module', scene('self.wait()', 'from manim import *\nimport requests'), /importing `requests`/],
    ['manimlib', scene('self.wait()', 'from manimlib import *'), /ManimGL/],
    ['open()', scene('open("/etc/passwd").read()'), /`open` is not allowed/],
    ['eval', scene('eval("1+1")'), /`eval` is not allowed/],
    ['exec', scene('exec("x=1")'), /`exec` is not allowed/],
    ['__import__', scene('__import__("os").system("id")'), /`__import__`/],
    ['getattr', scene('getattr(self, "play")'), /`getattr` is not allowed/],
    ['dunder attribute', scene('x = ().__class__.__bases__[0].__subclasses__()'), /double-underscore/],
    ['private module attribute', scene('random._os.system("id")', 'from manim import *\nimport random'), /not allowed/],
    ['typing.sys', scene('typing.sys.exit(1)', 'from manim import *\nimport typing'), /`.sys` is not allowed/],
    ['config write', scene('config.frame_width = 20'), /setting `config.frame_width`/],
    ['config item write', scene('config["pixel_width"] = 10'), /config\[/],
    ['config call', scene('config.update({"fps": 1})'), /config.update/],
    ['tempconfig', scene('tempconfig({})'), /tempconfig/],
    ['add_sound', scene('self.add_sound("/etc/passwd")'), /add_sound/],
    ['the voiceover helper as a module', scene('narration.Path("/etc/passwd")', 'from manim import *\nimport narration'), /from narration import VoiceoverScene/],
    ['other names from the voiceover helper', scene('self.wait()', 'from manim import *\nfrom narration import Path'), /import only VoiceoverScene/],
    ['ImageMobject from a path', scene('self.add(ImageMobject("/etc/passwd"))'), /ImageMobject/],
    ['SVGMobject', scene('self.add(SVGMobject("x.svg"))'), /SVGMobject/],
    ['Code from a file', scene('self.add(Code(code_file="/etc/passwd"))'), /Code\(/],
    ['manim file helpers by module', scene('f.open_file("x")', 'from manim import *\nimport manim.utils.file_ops as f'), /manim.utils.file_ops/],
    ['manim helpers by attribute', scene('manim.tempconfig({})', 'from manim import *\nimport manim'), /tempconfig/],
    ['numpy npyio', scene('np.lib.npyio.loadtxt("x")', 'from manim import *\nimport numpy as np'), /not allowed/],
    ['numpy file read', scene('np.loadtxt("/etc/passwd")', 'from manim import *\nimport numpy as np'), /`.loadtxt`/],
    ['LaTeX \\input', scene('self.add(Tex(r"\\input{/etc/passwd}"))'), /LaTeX commands that read or write files/],
    ['format-string attribute walk', scene('"{0.__class__}".format(self)'), /double-underscore/],
    ['CONFIG dict', 'from manim import *\nclass Demo(Scene):\n    CONFIG = {"x": 1}\n    def construct(self):\n        self.wait()\n', /CONFIG/],
    ['GraphScene', 'from manim import *\nclass Demo(GraphScene):\n    def construct(self):\n        self.wait()\n', /GraphScene was removed/],
  ];
  it.each(refused)('refuses %s', async (_name, code, message) => {
    const result = await gateCode(code, 'Demo', config);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(result.errors.every((e) => e.line >= 1)).toBe(true);
  });

  it('requires exactly one Scene subclass with the expected name and a construct method', async () => {
    const two = await gateCode('from manim import *\nclass A(Scene):\n    def construct(self): self.wait()\nclass Demo(Scene):\n    def construct(self): self.wait()\n', 'Demo', config);
    expect(two.errors).toEqual([{ line: 2, message: expect.stringMatching(/only one Scene subclass.*found `A`/), kind: 'security' }]);
    const wrongName = await gateCode('from manim import *\nclass Other(Scene):\n    def construct(self): pass\n', 'Demo', config);
    expect(wrongName.ok).toBe(false);
    const noConstruct = await gateCode('from manim import *\nclass Demo(Scene):\n    def setup(self): pass\n', 'Demo', config);
    expect(noConstruct.errors.map((e) => e.message).join('\n')).toMatch(/no `construct\(self\)` method/);
    const none = await gateCode('from manim import *\nx = 1\n', 'Demo', config);
    expect(none.errors.map((e) => e.message).join('\n')).toMatch(/no Scene subclass found/);
  });

  it('reports a syntax error with its line, as truncated LLM output produces', async () => {
    const result = await gateCode('from manim import *\nclass Demo(Scene):\n    def construct(self):\n        self.play(Create(Circle()\n', 'Demo', config);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 4, message: expect.stringMatching(/^SyntaxError: .*line 4/) });
  });
});

describe('structural checks on the syntax tree', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['x_min as a call keyword', scene('axes = Axes(x_min=-3, x_max=3)\nself.play(Create(axes))'), /`x_max=, x_min=` are keywords of the old API; use `x_range=/],
    ['a method passed as an animation', scene('sq = Square()\nself.play(sq.shift, UP)'), /self\.play\(m\.shift, \.\.\.\)` passes a method/],
    ['self.setup_axes()', scene('self.setup_axes()\nself.wait()'), /GraphScene's/],
    ['a ManimGL scene type', 'from manim import *\nclass Demo(InteractiveScene):\n    def construct(self):\n        self.wait()\n', /ManimGL\/3Blue1Brown scene type/],
    ['no play or wait anywhere', scene('sq = Square()\nself.add(sq)'), /looks truncated: it never calls `self\.play/],
  ];
  it.each(refused)('refuses %s, with the line', async (_name, code, message) => {
    const result = await gateCode(code, 'Demo', config);
    expect(result.ok).toBe(false);
    expect(result.errors.find((e) => message.test(e.message))).toMatchObject({ kind: 'structure' });
  });

  it('passes x_min used as a variable or shown as text, which the old text match refused', async () => {
    const code = scene('x_min, x_max = -3, 3\nlabel = Text("x_min = -3")\naxes = Axes(x_range=[x_min, x_max, 1])\nself.play(Create(axes), Write(label))');
    expect(await gateCode(code, 'Demo', config)).toMatchObject({ ok: true, errors: [] });
  });
});

describe('static run-time estimate', () => {
  it('refuses a loop that would animate for far longer than a scene may take', async () => {
    const result = await gateCode(scene('dot = Dot()\nfor i in range(400):\n    self.play(dot.animate.shift(RIGHT * 0.01), run_time=0.5)'), 'Demo', config);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ kind: 'estimate', line: 4, message: expect.stringMatching(/add up to about 200 s, over the 120 s/) });
    expect(result.estimated_seconds).toBe(200);
  });

  it('refuses `while True` without a break', async () => {
    const result = await gateCode(scene('while True:\n    self.wait(0.1)'), 'Demo', config);
    expect(result.errors).toEqual([expect.objectContaining({ kind: 'estimate', line: 5, message: expect.stringMatching(/never finish/) })]);
  });

  it('counts run_time, waits, loops and helper methods of an ordinary scene', async () => {
    const code = `from manim import *

class Demo(Scene):
    def show(self, m):
        self.play(FadeIn(m, run_time=2))
        self.wait(0.5)

    def construct(self):
        for i in range(3):
            self.show(Dot())
        self.play(Create(Circle()))
        self.wait()
`;
    expect(await gateCode(code, 'Demo', config)).toMatchObject({ ok: true, estimated_seconds: 3 * 2.5 + 1 + 1 });
  });
});

describe('API check against the installed Manim', () => {
  const findings = async (body: string) => (await gateCode(scene(`${body}\nself.wait()`), 'Demo', config)).errors.filter((e) => e.kind === 'api');

  it('names an invented method with its line and the real successor', async () => {
    expect(await findings('axes = Axes(x_range=[0, 5, 1], y_range=[0, 5, 1])\naxes.add_coordinate_labels()')).toEqual([
      { line: 6, kind: 'api', message: '`Axes` has no attribute `add_coordinate_labels`; did you mean `add_coordinates()`?' },
    ]);
    expect((await findings('sq = Square()\ndot = Dot().move_to(sq.get_bottom_left())'))[0]).toMatchObject({ line: 6, message: expect.stringMatching(/`Square` has no attribute `get_bottom_left`; use `get_corner\(DL\)`/) });
  });

  it('names invented keywords, following **kwargs up the MRO, and sends meaning-carrying ones to the LLM', async () => {
    const found = await findings('box = Rectangle(width=2, weight=0.6, label="A", fill_opacity=0.5, stroke_color=RED)');
    expect(found.map((f) => f.message)).toEqual([
      '`Rectangle(...)` takes no keyword `weight`; did you mean `stroke_width=`?',
      '`Rectangle(...)` takes no keyword `label`; there is no `label=`; make the label a separate `Text(...)`/`MathTex(...)` and place it with `.next_to(...)`',
    ]);
    const result = await gateCode(scene('box = Rectangle(weight=0.6)\nself.wait()'), 'Demo', config);
    expect(result.notes[0]).toMatch(/^Rectangle\(color=#FFFFFF, height=2\.0, width=4\.0.*through \*\*kwargs also: fill_color, fill_opacity/);
  });

  it('names ManimGL and invented names, with the closest real one', async () => {
    expect(await findings('h = Histogram([1, 2, 3])\nself.add(h)')).toEqual([{ line: 5, kind: 'api', message: expect.stringMatching(/^`Histogram` is not defined \(not in Manim 0\.22\.0 nor in this file\); did you mean `BarChart/) }]);
    expect((await findings('c = Cirlce(radius=1)'))[0]?.message).toMatch(/did you mean `Circle`\?/);
    expect((await findings('x = np.math.factorial(3)'))[0]?.message).toMatch(/`np\.math` does not exist.*use the `math` module/);
  });

  it('names 2-D points and unknown colours', async () => {
    expect((await findings('d = Dot([1, 2])'))[0]?.message).toMatch(/`Dot\(\.\.\.\)` gets the 2-D point `\[1, 2\]`; Manim points are 3-D/);
    expect((await findings('c = Circle(color="light blue")'))[0]?.message).toMatch(/not a colour Manim knows/);
  });

  it('names the camera API of other scene types', async () => {
    expect((await findings('self.camera.frame.scale(2)'))[0]?.message).toMatch(/`Camera` has no attribute `frame`; `self\.camera\.frame` exists only in a `MovingCameraScene`/);
    expect((await findings('self.set_camera_orientation(phi=1)'))[0]?.message).toMatch(/`Demo` has no attribute `set_camera_orientation`; it is the 3-D camera API/);
  });

  it('reports every problem at once', async () => {
    expect(await findings('a = Rectangle(weight=1)\nb = Histogram()\nAxes().add_coordinate_labels()')).toHaveLength(3);
  });

  it('stays silent on what works: get_/set_ magic, user subclasses and helpers, rebound variables, **kwargs', async () => {
    const code = `from manim import *
import numpy as np

class Labeled(VGroup):
    def __init__(self, text, **kwargs):
        super().__init__(**kwargs)
        self.caption = Text(text)
        self.add(self.caption)

    def highlight(self):
        return self.caption.animate.set_color(YELLOW)

def make_box(w):
    return Rectangle(width=w, height=1)

class Demo(MovingCameraScene):
    def construct(self):
        sq = Square(side_length=2, fill_opacity=0.5, color="#1F77B4")
        sq.set_points_smoothly = None
        r = sq.get_width() + sq.get_side_length() * 0
        sq.set_stroke(BLUE, width=2, opacity=0.8)
        thing = Labeled("hi", buff=0.1)
        thing.highlight()
        box = make_box(2)
        box.anything_goes()
        v = Circle()
        v = Text("now text")
        v.some_text_only_method()
        sq.custom = 1
        print(sq.custom)
        axes = Axes(x_range=[0, 5, 1], y_range=[0, 5, 1], axis_config={"include_numbers": False})
        graph = axes.plot(lambda x: x, color=BLUE, use_smoothing=False)
        dot = Dot(axes.c2p(1, 2), color=RED)
        p = np.array([1, 2, 0])
        self.play(Create(axes), Create(graph), FadeIn(thing, shift=UP), run_time=2)
        self.play(self.camera.frame.animate.scale(0.8), sq.animate.shift(RIGHT).set_fill(RED, opacity=1))
        self.wait()
`;
    expect(await gateCode(code, 'Demo', config)).toMatchObject({ ok: true, errors: [] });
  });
});
