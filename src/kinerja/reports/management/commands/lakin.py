"""`kinerja lakin`: the LAKIN of a unit's year as DOCX, PDF and/or XLSX files.

The document is built once and handed to each renderer, so every format shows the same
figures. Renderers are imported only when asked for: a missing or failing renderer is
reported, the other formats are still written, and the command exits with status 1.
"""

import importlib
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
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
            raise CommandError(
                _('format "%(format)s" tidak dikenal; pilih dari %(formats)s')
                % {"format": fmt, "formats": ", ".join(FORMATS)}
            )
        if fmt not in formats:
            formats.append(fmt)
    if not formats:
        raise CommandError(
            _("tidak ada format yang diberikan; pilih dari %(formats)s")
            % {"formats": ", ".join(FORMATS)}
        )
    return formats


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


# The lines of the rendering loop, shared with ``reports.output`` (perkin, quarterly_report).


def not_available(fmt: str, exc: Exception) -> str:
    return _("%(format)s: perender tidak tersedia (%(error)s)") % {"format": fmt, "error": exc}


def rendering_failed(fmt: str, exc: Exception) -> str:
    return _("%(format)s: gagal dirender: %(error)s") % {
        "format": fmt,
        "error": f"{type(exc).__name__}: {exc}",
    }


def written(fmt: str, path, size: int, seconds: float) -> str:
    return _("%(format)s: %(path)s (%(size)s) dalam %(seconds)s s") % {
        "format": fmt,
        "path": path,
        "size": _size(size),
        "seconds": f"{seconds:.2f}",
    }


def not_written(failed: list[str], formats: list[str]) -> str:
    return _("%(failed)s dari %(count)s format tidak ditulis: %(names)s") % {
        "failed": len(failed),
        "count": len(formats),
        "names": ", ".join(failed),
    }


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "LAKIN (Laporan Akuntabilitas Kinerja) satu tahun sebuah unit sebagai DOCX, PDF "
            "dan XLSX."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("kode unit, mis. bspji-palembang"))
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--format",
            default=",".join(FORMATS),
            help=_("dipisah koma: docx,pdf,xlsx (bawaan: ketiganya)"),
        )
        parser.add_argument("--out", default=".", help=_("direktori berkas (bawaan: .)"))

    def handle(self, *args, unit, year, format, out, **options):
        formats = parse_formats(format)
        directory = Path(out)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(
                _("tidak dapat membuat %(path)s: %(error)s")
                % {"path": directory, "error": exc.strerror}
            ) from None
        try:
            unit_obj = get_unit(unit)
            started = time.perf_counter()
            document = build_lakin(unit_obj, year)
        except MeasuresUnavailable as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "LAKIN %(unit)s %(year)s disusun: %(tables)s tabel, %(figures)s gambar "
                "dalam %(seconds)s s"
            )
            % {
                "unit": unit_obj.code,
                "year": year,
                "tables": len(document.tables()),
                "figures": len(document.figures()),
                "seconds": f"{time.perf_counter() - started:.2f}",
            }
        )

        failed = []
        for fmt in formats:
            path = directory / f"lakin-{unit_obj.code}-{year}.{fmt}"
            started = time.perf_counter()
            try:
                render = renderer(fmt)
            except (ImportError, AttributeError) as exc:
                failed.append(fmt)
                self.stderr.write(not_available(fmt, exc))
                continue
            try:
                data = render(document)
            except Exception as exc:  # a renderer's bug must not cost the other formats
                failed.append(fmt)
                self.stderr.write(rendering_failed(fmt, exc))
                continue
            path.write_bytes(data)
            elapsed = time.perf_counter() - started
            self.stdout.write(written(fmt, path, len(data), elapsed))

        if failed:
            raise CommandError(not_written(failed, formats))
