"""`kinerja perkin`: the Perjanjian Kinerja of a unit's year as DOCX, PDF and/or XLSX files.

The version in force by default, or ``--version N``; the files are written by the rendering
loop shared with ``kinerja lakin`` (``reports.output``).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.reports.management.commands.lakin import FORMATS, parse_formats
from kinerja.reports.output import output_directory, raise_if_failed, write_formats
from kinerja.reports.perkin import AgreementUnavailable, build_perkin


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Perjanjian Kinerja satu tahun sebuah unit (pernyataan, lampiran, perubahan) "
            "sebagai berkas."
        )
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version is the agreement version here: it replaces Django's "show the version".
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("kode unit, mis. bspji-palembang"))
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--version",
            type=int,
            default=None,
            help=_("nomor versi perjanjian (bawaan: versi yang berlaku)"),
        )
        parser.add_argument(
            "--format",
            default=",".join(FORMATS),
            help=_("dipisah koma: docx,pdf,xlsx (bawaan: ketiganya)"),
        )
        parser.add_argument("--out", default=".", help=_("direktori berkas (bawaan: .)"))

    def handle(self, *args, unit, year, version, format, out, **options):
        formats = parse_formats(format)
        directory = output_directory(out)
        try:
            unit_obj = get_unit(unit)
            started = time.perf_counter()
            document = build_perkin(unit_obj, year, version)
        except (MeasuresUnavailable, AgreementUnavailable) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Perjanjian Kinerja %(unit)s %(year)s disusun: %(tables)s tabel dalam %(seconds)s s")
            % {
                "unit": unit_obj.code,
                "year": year,
                "tables": len(document.tables()),
                "seconds": f"{time.perf_counter() - started:.2f}",
            }
        )
        basename = f"perkin-{unit_obj.code}-{year}"
        if version is not None:
            basename += f"-v{version}"
        failed = write_formats(document, basename, formats, directory, self.stdout, self.stderr)
        raise_if_failed(failed, formats)
