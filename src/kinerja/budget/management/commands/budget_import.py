from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.context import command_context
from kinerja.budget.spreadsheet import import_lines
from kinerja.core.language import CommandHelp
from kinerja.datasets.errors import DatasetInvalid, import_refused
from kinerja.measurement.selectors import MeasuresUnavailable

from ._common import unit_or_error


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mengimpor daftar baris DIPA atau DPA (XLSX, lembar DIPA dan Keluaran). Semua "
            "atau tidak sama sekali."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--dry-run", action="store_true")

    @command_context("budget_import")
    def handle(self, *args, file, unit, year, dry_run, **options):
        try:
            data = Path(file).read_bytes()
            result = import_lines(unit_or_error(unit), year, data, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        except MeasuresUnavailable as exc:
            raise CommandError(str(exc)) from None
        except DatasetInvalid as exc:
            raise import_refused(file, exc) from None
        report = result.report
        counts = {
            "rows": result.rows,
            "created": report.created["line"],
            "updated": report.updated["line"],
            "unchanged": report.unchanged["line"],
        }
        if dry_run:
            summary = _(
                "%(rows)s baris: %(created)s baris anggaran akan dibuat, %(updated)s "
                "diperbarui, %(unchanged)s tetap (uji coba: tidak ada yang ditulis)"
            )
        else:
            summary = _(
                "%(rows)s baris: %(created)s baris anggaran dibuat, %(updated)s diperbarui, "
                "%(unchanged)s tetap"
            )
        self.stdout.write(summary % counts)
