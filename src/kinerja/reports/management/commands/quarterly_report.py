"""`kinerja quarterly_report`: the quarterly monitoring report (Laporan Kinerja Triwulan)
of a unit up to the end of a quarter, as DOCX, PDF and/or XLSX files, written by the
rendering loop shared with ``kinerja lakin`` (``reports.output``)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.reports.management.commands.lakin import FORMATS, parse_formats
from kinerja.reports.output import output_directory, raise_if_failed, write_formats
from kinerja.reports.quarterly import build_quarterly


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop("Laporan Kinerja Triwulan (pemantauan triwulanan) sebuah unit sebagai berkas.")
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("kode unit, mis. bspji-palembang"))
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--quarter", required=True, type=int, choices=(1, 2, 3, 4))
        parser.add_argument(
            "--format",
            default=",".join(FORMATS),
            help=_("dipisah koma: docx,pdf,xlsx (bawaan: ketiganya)"),
        )
        parser.add_argument("--out", default=".", help=_("direktori berkas (bawaan: .)"))

    def handle(self, *args, unit, year, quarter, format, out, **options):
        formats = parse_formats(format)
        directory = output_directory(out)
        try:
            unit_obj = get_unit(unit)
            started = time.perf_counter()
            document = build_quarterly(unit_obj, year, quarter)
        except MeasuresUnavailable as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Laporan triwulan %(unit)s %(year)s Q%(quarter)s disusun: %(tables)s tabel "
                "dalam %(seconds)s s"
            )
            % {
                "unit": unit_obj.code,
                "year": year,
                "quarter": quarter,
                "tables": len(document.tables()),
                "seconds": f"{time.perf_counter() - started:.2f}",
            }
        )
        basename = f"triwulan-{unit_obj.code}-{year}-q{quarter}"
        failed = write_formats(document, basename, formats, directory, self.stdout, self.stderr)
        raise_if_failed(failed, formats)
