"""`kinerja review FILE`: the figures a hand-made report (DOCX or text PDF) prints that do
not follow from the figures printed beside them (reviu LAKIN); with --unit and --year,
also those that differ from kinerja's data. Exit status 0 even with findings; 1 when the
file cannot be read (a scanned PDF, an encrypted or damaged file)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.review.compare import known_figures
from kinerja.review.extract import ReviewError
from kinerja.review.output import as_json, as_text, render, review_document
from kinerja.review.services import review_file


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mereviu LAKIN/LKjIP buatan tangan (DOCX atau PDF berteks): setiap angka tercetak "
            "yang tidak sesuai dengan angka lainnya (capaian, penyerapan, pertumbuhan, porsi, "
            "jumlah, rata-rata)."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("laporannya, .docx atau PDF yang berlapis teks"))
        parser.add_argument("--unit", help=_("kode unit: bandingkan juga dengan data kinerja"))
        parser.add_argument("--year", type=int, help=_("tahun laporan (dengan --unit)"))
        parser.add_argument("--json", action="store_true", help=_("keluaran untuk dibaca mesin"))
        parser.add_argument(
            "--out",
            help=_("tulis juga dokumen reviu: jalur yang berakhiran .docx atau .pdf"),
        )

    def handle(self, *args, file, unit, year, json: bool, out, **options):
        if (unit is None) != (year is None):
            raise CommandError(_("--unit dan --year harus diberikan bersama"))
        fmt = None
        if out:
            fmt = Path(out).suffix.lower().lstrip(".")
            if fmt not in ("docx", "pdf"):
                raise CommandError(
                    _("--out %(out)s: dokumen reviu berupa .docx atau .pdf") % {"out": out}
                )
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        known, unit_obj = None, None
        if unit is not None:
            try:
                unit_obj = get_unit(unit)
                known = known_figures(unit_obj, year)
            except MeasuresUnavailable as exc:
                raise CommandError(str(exc)) from None
        try:
            review = review_file(
                data, path.name, max_bytes=settings.KINERJA_REVIEW_MAX_BYTES, known=known
            )
        except ReviewError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(as_json(review)))
        else:
            self.stdout.write(as_text(review))
        if fmt:
            name = unit_obj.name if unit_obj else ""
            content = render(review_document(review, name, year), fmt)
            Path(out).write_bytes(content)
            if not json:
                self.stdout.write(
                    _("dokumen reviu: %(out)s (%(size)s KB)")
                    % {"out": out, "size": len(content) // 1024}
                    + "\n"
                )


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
