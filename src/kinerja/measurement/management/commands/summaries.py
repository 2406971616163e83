"""``kinerja summaries [--year YEAR]``: rebuild the consolidation's per-unit-year
summaries (measurement/summaries.py, docs/scaling.md)."""

from django.core.management.base import BaseCommand

from kinerja.measurement.consolidation import rebuild_summaries


class Command(BaseCommand):
    help = (
        "Rebuild the stored per-unit-year summaries of the parent view (after a raw "
        "restore or a write made around kinerja's services)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="only this year (repeatable)")

    def handle(self, *args, year=None, **options):
        counts = rebuild_summaries(year)
        for y, units in counts.items():
            self.stdout.write(f"{y}: {units} units")
        if not counts:
            self.stdout.write("no agreements: every summary removed")
