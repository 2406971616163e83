"""``kinerja summaries [--year YEAR]``: rebuild the consolidation's per-unit-year
summaries (measurement/summaries.py, docs/scaling.md)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.measurement.consolidation import rebuild_summaries


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Bangun ulang ringkasan per unit per tahun yang disimpan untuk tampilan induk "
            "(setelah pemulihan mentah atau penulisan yang melewati layanan kinerja)."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, action="append", help=_("hanya tahun ini (dapat diulang)")
        )

    def handle(self, *args, year=None, **options):
        counts = rebuild_summaries(year)
        for y, units in counts.items():
            self.stdout.write(_("%(year)s: %(units)s unit") % {"year": y, "units": units})
        if not counts:
            self.stdout.write(_("tidak ada perjanjian kinerja: semua ringkasan dihapus"))
