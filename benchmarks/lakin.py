"""Time the demo LAKIN: building the report model and rendering each format.

    .venv/bin/python benchmarks/lakin.py [--repeat R]

Runs on a fresh SQLite database in a temporary directory (the figures do not depend on
the database: the build reads the data once). Prints median and minimum per step, the
PDF's median as a multiple of the DOCX's, and the first PDF render in a fresh Python
process (importing Typst and loading the fonts included). Every round renders a document
with a changed narrative (the first paragraph gets the round's number), so that no
cache of a previous render can answer it. Besides the wall-clock time,
the process's CPU time (all its threads; Typst lays out page runs on two) is shown: on a
machine shared with other work it varies less.
"""

import argparse
import copy
import os
import pickle
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import demo_database

# Run by the parent in a new interpreter: one PDF render of the pickled document, as the
# first report a freshly started worker or command writes.
FRESH_PROCESS = """
import os, pickle, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
import django
django.setup()
with open(sys.argv[1], "rb") as f:
    document = pickle.load(f)
started, cpu = time.perf_counter(), time.process_time()
from kinerja.reports.render.pdf import render_pdf
render_pdf(document)
print(time.perf_counter() - started, time.process_time() - cpu)
"""


def timed(fn, repeat: int) -> tuple[list[tuple[float, float]], object]:
    """(wall, CPU) seconds of each of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        result, elapsed = once(fn)
        times.append(elapsed)
    return times, result


def once(fn) -> tuple[object, tuple[float, float]]:
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, (time.perf_counter() - started, time.process_time() - cpu)


def varied(document, round_number: int):
    """A copy of ``document`` whose first paragraph ends with the round's number."""
    from kinerja.reports.document import Paragraph, Section

    changed = copy.deepcopy(document)
    blocks = [block for section in changed.sections for block in section.blocks]
    while blocks:
        block = blocks.pop(0)
        if isinstance(block, Paragraph):
            block.text += f" (putaran {round_number})"
            return changed
        if isinstance(block, Section):
            blocks[:0] = block.blocks
    raise ValueError("the document has no paragraph to vary")


def first_render_in_a_fresh_process(document, tmp: Path, repeat: int) -> list[tuple]:
    path = Path(tmp) / "lakin.pickle"
    path.write_bytes(pickle.dumps(document))
    times = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", FRESH_PROCESS, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        wall, cpu = done.stdout.strip().splitlines()[-1].split()
        times.append((float(wall), float(cpu)))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with demo_database() as tmp:
        from kinerja.org.models import Unit
        from kinerja.reports.lakin import build_lakin
        from kinerja.reports.management.commands.lakin import renderer

        unit = Unit.objects.get(code="bspji-palembang")
        build_lakin(unit, 2023)  # warm-up: imports, matplotlib fonts
        rows = []
        medians = {}
        times, document = timed(lambda: build_lakin(unit, 2023), args.repeat)
        rows.append(("build report model", times, ""))
        # The formats take turns, so that a change in the machine's load hits them alike.
        renders = {fmt: renderer(fmt) for fmt in ("docx", "pdf", "xlsx")}
        content = {fmt: render(document) for fmt, render in renders.items()}  # warm-up
        runs = {fmt: [] for fmt in renders}
        for round_number in range(args.repeat):
            changed = varied(document, round_number + 1)
            for fmt, render in renders.items():
                content[fmt], elapsed = once(lambda render=render, changed=changed: render(changed))
                runs[fmt].append(elapsed)
        for fmt, times in runs.items():
            medians[fmt] = [statistics.median(t[k] for t in times) for k in (0, 1)]
            rows.append((f"render {fmt}", times, f"{len(content[fmt]) / 1024:.0f} KB"))
        fresh = first_render_in_a_fresh_process(document, tmp, min(args.repeat, 3))
        rows.append(("pdf, fresh process", fresh, "first render"))
        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", content["pdf"]))
        print(
            f"Demo LAKIN bspji-palembang 2023: {len(document.tables())} tables, "
            f"{len(document.figures())} figures, {pages} PDF pages; {args.repeat} runs each"
        )
        print(f"  {'':<20} {'wall: median':>13} {'min':>7}   {'CPU: median':>12} {'min':>7}")
        for name, times, size in rows:
            wall = [t[0] for t in times]
            cpu = [t[1] for t in times]
            print(
                f"  {name:<20} {statistics.median(wall):11.2f} s {min(wall):5.2f} s"
                f"   {statistics.median(cpu):10.2f} s {min(cpu):5.2f} s   {size}"
            )
        pdf, docx = medians["pdf"], medians["docx"]
        print(f"  PDF / DOCX (medians): {pdf[0] / docx[0]:.2f} wall, {pdf[1] / docx[1]:.2f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
