"""`kinerja lakin`: the LAKIN of a unit's year as DOCX, PDF and/or XLSX files.

The document is built once and handed to each renderer, so every format shows the same
figures. Renderers are imported only when asked for: a missing or failing renderer is
reported, the other formats are still written, and the command exits with status 1.
"""

import importlib
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.reports.lakin import build_lakin

FORMATS = ("docx", "pdf", "xlsx")


def renderer(fmt: str):
    """``kinerja.reports.render.<fmt>.render_<fmt>``; ImportError/AttributeError when the
    renderer is not installed."""
    module = importlib.import_module(f"kinerja.reports.render.{fmt}")
    return getattr(module, f"render_{fmt}")


def parse_formats(text: str) -> list[str]:
    formats = []
    for part in text.split(","):
        fmt = part.strip().lower().lstrip(".")
        if not fmt:
            continue
        if fmt not in FORMATS:
            raise CommandError(f'unknown format "{fmt}"; choose from {", ".join(FORMATS)}')
        if fmt not in formats:
            formats.append(fmt)
    if not formats:
        raise CommandError(f"no format given; choose from {', '.join(FORMATS)}")
    return formats


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


class Command(BaseCommand):
    help = "The LAKIN (Laporan Akuntabilitas Kinerja) of a unit's year as DOCX, PDF and XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code, e.g. bspji-palembang")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--format",
            default=",".join(FORMATS),
            help="comma-separated: docx,pdf,xlsx (default: all three)",
        )
        parser.add_argument("--out", default=".", help="directory for the files (default: .)")

    def handle(self, *args, unit, year, format, out, **options):
        formats = parse_formats(format)
        directory = Path(out)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"cannot create {directory}: {exc.strerror}") from None
        try:
            unit_obj = get_unit(unit)
            started = time.perf_counter()
            document = build_lakin(unit_obj, year)
        except MeasuresUnavailable as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"built LAKIN {unit_obj.code} {year}: {len(document.tables())} tables, "
            f"{len(document.figures())} figures in {time.perf_counter() - started:.2f} s"
        )

        failed = []
        for fmt in formats:
            path = directory / f"lakin-{unit_obj.code}-{year}.{fmt}"
            started = time.perf_counter()
            try:
                render = renderer(fmt)
            except (ImportError, AttributeError) as exc:
                failed.append(fmt)
                self.stderr.write(f"{fmt}: renderer not available ({exc})")
                continue
            try:
                data = render(document)
            except Exception as exc:  # a renderer's bug must not cost the other formats
                failed.append(fmt)
                self.stderr.write(f"{fmt}: rendering failed: {type(exc).__name__}: {exc}")
                continue
            path.write_bytes(data)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{fmt}: {path} ({_size(len(data))}) in {elapsed:.2f} s")

        if failed:
            raise CommandError(
                f"{len(failed)} of {len(formats)} formats not written: {', '.join(failed)}"
            )
