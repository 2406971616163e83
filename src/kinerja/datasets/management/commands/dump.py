from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.datasets.dump import PlanNotFound, dump_text, find_plan
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit


class Command(BaseCommand):
    help = "Write a unit's plan, agreements, action plans and realizations as a dataset (YAML)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code, e.g. bspji-palembang")
        parser.add_argument("--plan", required=True, help="plan code or period, e.g. 2021-2024")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, unit, plan, output, **options):
        try:
            unit_obj = get_unit(unit)
            text = dump_text(unit_obj, find_plan(unit_obj, plan))
        except (MeasuresUnavailable, PlanNotFound) as exc:
            raise CommandError(str(exc)) from None
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")
