from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.datasets.dump import PlanNotFound, dump_text, find_plan
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Menulis rencana, perjanjian, rencana aksi dan realisasi sebuah unit sebagai "
            "dataset (YAML)."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("kode unit, mis. bspji-palembang"))
        parser.add_argument(
            "--plan", required=True, help=_("kode atau periode rencana, mis. 2021-2024")
        )
        parser.add_argument(
            "-o", "--output", help=_("berkas yang ditulis (bawaan: keluaran standar)")
        )

    def handle(self, *args, unit, plan, output, **options):
        try:
            unit_obj = get_unit(unit)
            text = dump_text(unit_obj, find_plan(unit_obj, plan))
        except (MeasuresUnavailable, PlanNotFound) as exc:
            raise CommandError(str(exc)) from None
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(_("%(file)s ditulis") % {"file": output})
        else:
            self.stdout.write(text, ending="")
