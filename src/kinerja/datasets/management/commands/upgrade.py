from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kinerja.core.language import CommandHelp
from kinerja.datasets import yamlio
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.upgrade import upgrade_text


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mengubah dataset unit format versi 1 menjadi versi 2 (docs/dataset-format.md). "
            "Versi 2 memuat semua yang dimuat versi 1, jadi hanya baris versi yang berubah; "
            "komentar dan tata letak dipertahankan. Berkas versi 1 juga dapat dimuat apa adanya."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "-o", "--output", metavar="OUT", help=_("tulis di sini, bukan menggantikan FILE")
        )

    def handle(self, *args, file, output=None, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("tidak dapat membaca %(path)s: %(error)s") % {"path": file, "error": exc}
            ) from None
        try:
            upgraded = upgrade_text(text)
        except yamlio.DatasetSyntaxError as exc:
            problem = _("bukan YAML yang sah: %(error)s") % {"error": exc}
            raise CommandError(f"{file}: {problem}") from None
        except DatasetInvalid as exc:
            lines = "\n".join(f"  {problem}" for problem in exc.problems)
            count = len(exc.problems)
            raise CommandError(
                ngettext(
                    "%(file)s: %(count)s masalah, tidak ada yang ditulis:",
                    "%(file)s: %(count)s masalah, tidak ada yang ditulis:",
                    count,
                )
                % {"file": file, "count": count}
                + "\n"
                + lines
            ) from None
        target = Path(output) if output else path
        if upgraded == text and target == path:
            self.stdout.write(
                _("%(file)s: sudah format versi 2, tidak ada yang perlu dilakukan") % {"file": file}
            )
            return
        target.write_text(upgraded, encoding="utf-8")
        self.stdout.write(
            _("%(file)s: format versi 2 ditulis ke %(target)s") % {"file": file, "target": target}
        )
