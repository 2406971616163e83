from pathlib import Path

from django.core.management.base import BaseCommand

from kinerja.budget.spreadsheet import export_lines

from ._common import unit_or_error


class Command(BaseCommand):
    help = "Export a unit's DIPA or DPA line listing and outputs for one year as XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, unit, year, output, **options):
        Path(output).write_bytes(export_lines(unit_or_error(unit), year))
        self.stderr.write(f"wrote {output}")
