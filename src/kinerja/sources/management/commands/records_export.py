from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.sources.tabular import KINDS, UnsupportedFormat, export_records


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mengekspor catatan operasional satu jenis milik sebuah unit sebagai XLSX atau CSV "
            "(format yang dibaca records_import)."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=int, default=None, help=_("hanya catatan tahun ini"))
        parser.add_argument("-o", "--output", required=True, help=_("FILE.xlsx atau FILE.csv"))

    def handle(self, *args, kind, unit, year, output, **options):
        fmt = {".xlsx": "xlsx", ".csv": "csv"}.get(Path(output).suffix.lower())
        if fmt is None:
            raise CommandError(
                _("%(file)s: seharusnya nama berkas yang berakhiran .xlsx atau .csv")
                % {"file": output}
            )
        try:
            data = export_records(kind, get_unit(unit), year=year, fmt=fmt)
            Path(output).write_bytes(data)
        except MeasuresUnavailable as exc:
            raise CommandError(str(exc)) from None
        except UnsupportedFormat as exc:
            raise CommandError(f"{output}: {exc}") from None
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stderr.write(_("%(file)s ditulis") % {"file": output})
