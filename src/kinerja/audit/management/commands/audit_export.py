import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.export import csv_lines, json_text
from kinerja.audit.selectors import ChangeFilters, unit_changes
from kinerja.core.language import CommandHelp
from kinerja.org.models import Unit


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--since %(text)s: seharusnya tanggal YYYY-MM-DD") % {"text": repr(text)}
        ) from None


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mengekspor jejak audit sebuah unit: CSV (satu baris per kolom yang berubah) atau "
            "JSON (satu objek per perubahan dengan kedua cuplikannya), perubahan terlama dahulu."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("kode unit"))
        parser.add_argument("--since", help=_("hanya perubahan mulai tanggal ini (YYYY-MM-DD)"))
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "-o", "--output", help=_("berkas yang ditulis (bawaan: keluaran standar)")
        )

    def handle(self, *args, unit, since, format, output, **options):
        unit_obj = Unit.objects.filter(code=unit).first()
        if unit_obj is None:
            known = ", ".join(Unit.objects.values_list("code", flat=True)) or _("tidak ada")
            raise CommandError(
                _('unit "%(code)s" tidak dikenal; unit yang ada: %(known)s')
                % {"code": unit, "known": known}
            )
        day = _day(since) if since else None
        changes = unit_changes(unit_obj, ChangeFilters(since=day), oldest_first=True)
        counted = _Counted(changes.iterator(chunk_size=500))
        if not output:
            # The byte-order mark is for spreadsheets opening a file, not for a pipe.
            self._write(self.stdout, format, unit_obj, day, counted, bom=False)
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                self._write(stream, format, unit_obj, day, counted, bom=True)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stdout.write(
            _("%(file)s: %(count)s perubahan pada %(unit)s")
            % {"file": output, "count": counted.n, "unit": unit_obj.code}
        )

    def _write(self, out, format, unit, day, changes, bom):
        if format == "json":
            out.write(json_text(unit, day, changes))
        else:
            for piece in csv_lines(changes, bom=bom):
                out.write(piece)


class _Counted:
    def __init__(self, items):
        self.items, self.n = items, 0

    def __iter__(self):
        for item in self.items:
            self.n += 1
            yield item
