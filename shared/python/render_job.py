"""The render job's Python: one interpreter, one job, then it exits.

Started inside the job's own sandbox (see shared/src/render/render-process.ts), it imports
Manim first — about a second, the largest fixed cost of a short render — and then says so on
stdout and waits on stdin for its one job: a JSON line with the `manim render` arguments.
Started ahead of demand, the import is paid before the job exists; started on demand, the
job line follows at once. Either way this interpreter serves exactly one job, so nothing a
scene does to Manim's `config`, to a class or to the process reaches another job.

This is the single place the render's Python is launched: hooks that must run inside the
render (before the scene module is loaded) belong in `run_job`.
"""

import json
import os
import sys

# The host waits for this exact line before it hands over a job; everything before it is
# import output and stays in the render log.
READY = "\x1eexplainer-render-ready"


def main() -> None:
    import manim  # noqa: F401  (the import is the point: it is what a warm interpreter saves)
    from manim.__main__ import main as manim_main

    sys.stdout.write(READY + "\n")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line.strip():
        # Discarded before any job arrived (the pool closed): nothing to do.
        return
    job = json.loads(line)
    # The job needs no more input: the scene must not read whatever a host might write later.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(0, closefd=False)
    name_process(job.get("name", ""))
    run_job(manim_main, job["argv"])


def name_process(name: str) -> None:
    # The command line was fixed before the job existed; the process name (what `ps -o comm`
    # and /proc/<pid>/comm show, inherited by every child) says which scene this is.
    if not name:
        return
    try:
        with open("/proc/self/comm", "w") as comm:
            comm.write(name[:15])
    except OSError:
        pass


def run_job(manim_main, argv: list[str]) -> None:
    # The layout check watches this same render (argv is `render <scene.py> <Class> …`) and
    # leaves layout.json and thumbnail.png in the job directory, the working directory.
    import layout_check

    layout_check.install(out_dir=os.getcwd(), scene_file=argv[1])
    # click exits the process itself (status 0, or 1 on an uncaught scene error after
    # Python prints its traceback), exactly as `python -m manim render …` does.
    manim_main(args=argv, prog_name="manim")


if __name__ == "__main__":
    main()
