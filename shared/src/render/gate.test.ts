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
    expect(await gateCode(code, 'Demo', config)).toEqual({ ok: true, errors: [] });
  });

  it('passes user text that merely mentions a dunder, as a topic like "obj.__dict__" does', async () => {
    const code = scene('self.add(Text("What obj.__dict__ holds, and window.__x"))');
    expect(await gateCode(code, 'Demo', config)).toEqual({ ok: true, errors: [] });
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
    const two = await gateCode('from manim import *\nclass A(Scene):\n    def construct(self): pass\nclass Demo(Scene):\n    def construct(self): pass\n', 'Demo', config);
    expect(two.errors).toEqual([{ line: 2, message: expect.stringMatching(/only one Scene subclass.*found `A`/) }]);
    const wrongName = await gateCode('from manim import *\nclass Other(Scene):\n    def construct(self): pass\n', 'Demo', config);
    expect(wrongName.ok).toBe(false);
    const noConstruct = await gateCode('from manim import *\nclass Demo(Scene):\n    def setup(self): pass\n', 'Demo', config);
    expect(noConstruct.errors[0]?.message).toMatch(/no `construct\(self\)` method/);
    const none = await gateCode('from manim import *\nx = 1\n', 'Demo', config);
    expect(none.errors[0]?.message).toMatch(/no Scene subclass found/);
  });

  it('reports a syntax error with its line, as truncated LLM output produces', async () => {
    const result = await gateCode('from manim import *\nclass Demo(Scene):\n    def construct(self):\n        self.play(Create(Circle()\n', 'Demo', config);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 4, message: expect.stringMatching(/^SyntaxError: .*line 4/) });
  });
});
