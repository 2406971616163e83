from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.budget.spreadsheet import export_lines
from kinerja.core.language import CommandHelp

from ._common import unit_or_error


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mengekspor daftar baris DIPA atau DPA dan keluaran satu tahun sebuah unit sebagai "
            "XLSX."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, unit, year, output, **options):
        Path(output).write_bytes(export_lines(unit_or_error(unit), year))
        self.stderr.write(_("%(file)s ditulis") % {"file": output})
