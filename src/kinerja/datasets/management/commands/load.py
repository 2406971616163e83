import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kinerja.audit.context import command_context
from kinerja.core.language import CommandHelp
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_file


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Memuat dataset unit (YAML). Semua atau tidak sama sekali: berkas dengan satu "
            "kesalahan pun tidak menulis apa-apa."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help=_("cetak laporan sebagai JSON"))

    @command_context("load")
    def handle(self, *args, files, **options):
        reports = []
        for path in files:
            try:
                report = load_file(path)
            except DatasetInvalid as exc:
                lines = "\n".join(f"  {problem}" for problem in exc.problems)
                count = len(exc.problems)
                raise CommandError(
                    ngettext(
                        "%(file)s: %(count)s masalah, tidak ada yang dimuat:",
                        "%(file)s: %(count)s masalah, tidak ada yang dimuat:",
                        count,
                    )
                    % {"file": path, "count": count}
                    + "\n"
                    + lines
                ) from None
            reports.append({"file": str(path), **report.as_dict()})
            if not options["json"]:
                created = sum(report.created.values())
                updated = sum(report.updated.values())
                self.stdout.write(
                    _("%(file)s: unit %(unit)s: %(created)s dibuat, %(updated)s diperbarui")
                    % {"file": path, "unit": report.unit, "created": created, "updated": updated}
                    + ("" if report.changed else _(" (sudah mutakhir)"))
                )
        if options["json"]:
            self.stdout.write(json.dumps(reports, indent=2))
