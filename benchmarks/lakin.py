"""Time the demo LAKIN: building the report model and rendering each format.

    .venv/bin/python benchmarks/lakin.py [--repeat R]

Runs on a fresh SQLite database in a temporary directory (the figures do not depend on
the database: the build reads the data once). Prints median and minimum per step.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
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
        times, document = timed(lambda: build_lakin(unit, 2023), args.repeat)
        rows.append(("build report model", times, ""))
        for fmt in ("docx", "pdf", "xlsx"):
            render = renderer(fmt)
            render(document)  # warm-up
            times, content = timed(lambda render=render: render(document), args.repeat)
            rows.append((f"render {fmt}", times, f"{len(content) / 1024:.0f} KB"))
        # The web download and final versions reuse a PDF rendered before from the same
        # page (reports/render/cache.py): what a second download of unchanged data costs.
        from django.test import override_settings

        from kinerja.reports.render.cache import cached_pdf

        store = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
        with override_settings(
            CACHES={
                "default": store | {"LOCATION": f"{tmp}/d"},
                "renders": store | {"LOCATION": f"{tmp}/r"},
            },
            KINERJA_RENDER_CACHE="renders",
        ):
            cached_pdf(document)  # fills the store
            times, content = timed(lambda: cached_pdf(document), args.repeat)
        rows.append(("pdf from the store", times, f"{len(content) / 1024:.0f} KB"))
        print(
            f"Demo LAKIN bspji-palembang 2023: {len(document.tables())} tables, "
            f"{len(document.figures())} figures; {args.repeat} runs each"
        )
        for name, times, size in rows:
            print(
                f"  {name:<20} median {statistics.median(times):6.2f} s"
                f"   min {min(times):6.2f} s   {size}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
