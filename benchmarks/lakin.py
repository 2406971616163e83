"""Time the demo LAKIN: building the report model and rendering each format.

    .venv/bin/python benchmarks/lakin.py [--repeat R]

Runs on a fresh SQLite database in a temporary directory (the figures do not depend on
the database: the build reads the data once). Prints median and minimum per step, the
PDF's median as a multiple of the DOCX's, and the first PDF render in a fresh Python
process (importing Typst and loading the fonts included).
"""

import argparse
import os
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run by the parent in a new interpreter: one PDF render of the pickled document, as the
# first report a freshly started worker or command writes.
FRESH_PROCESS = """
import os, pickle, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
import django
django.setup()
with open(sys.argv[1], "rb") as f:
    document = pickle.load(f)
started = time.perf_counter()
from kinerja.reports.render.pdf import render_pdf
render_pdf(document)
print(time.perf_counter() - started)
"""


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def first_render_in_a_fresh_process(document, tmp: str, repeat: int) -> list[float]:
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
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from kinerja.demo.services import load_demo_datasets
        from kinerja.org.models import Unit
        from kinerja.reports.lakin import build_lakin
        from kinerja.reports.management.commands.lakin import renderer

        call_command("migrate", verbosity=0)
        load_demo_datasets()
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
        for _ in range(args.repeat):
            for fmt, render in renders.items():
                started = time.perf_counter()
                content[fmt] = render(document)
                runs[fmt].append(time.perf_counter() - started)
        for fmt, times in runs.items():
            medians[fmt] = statistics.median(times)
            rows.append((f"render {fmt}", times, f"{len(content[fmt]) / 1024:.0f} KB"))
        fresh = first_render_in_a_fresh_process(document, tmp, min(args.repeat, 3))
        rows.append(("pdf, fresh process", fresh, "first render"))
        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", content["pdf"]))
        print(
            f"Demo LAKIN bspji-palembang 2023: {len(document.tables())} tables, "
            f"{len(document.figures())} figures, {pages} PDF pages; {args.repeat} runs each"
        )
        for name, times, size in rows:
            print(
                f"  {name:<20} median {statistics.median(times):6.2f} s"
                f"   min {min(times):6.2f} s   {size}"
            )
        print(f"  PDF / DOCX (medians) {medians['pdf'] / medians['docx']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
