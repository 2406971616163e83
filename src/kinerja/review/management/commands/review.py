"""`kinerja review FILE`: the figures a hand-made report (DOCX or text PDF) prints that do
not follow from the figures printed beside them (reviu LAKIN); with --unit and --year,
also those that differ from kinerja's data. Exit status 0 even with findings; 1 when the
file cannot be read (a scanned PDF, an encrypted or damaged file)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.review.compare import known_figures
from kinerja.review.extract import ReviewError
from kinerja.review.output import as_json, as_text, render, review_document
from kinerja.review.services import review_file


class Command(BaseCommand):
    help = (
        "Review a hand-made LAKIN/LKjIP (DOCX or text PDF): every printed figure that does "
        "not follow from the others (achievements, absorption, growth, shares, totals, means)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the report, .docx or a PDF with a text layer")
        parser.add_argument("--unit", help="unit code: compare with kinerja's data as well")
        parser.add_argument("--year", type=int, help="the report's year (with --unit)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument(
            "--out", help="write the review document too: a path ending in .docx or .pdf"
        )

    def handle(self, *args, file, unit, year, json: bool, out, **options):
        if (unit is None) != (year is None):
            raise CommandError("--unit and --year go together")
        fmt = None
        if out:
            fmt = Path(out).suffix.lower().lstrip(".")
            if fmt not in ("docx", "pdf"):
                raise CommandError(f"--out {out}: the review document is .docx or .pdf")
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
                self.stdout.write(f"review document: {out} ({len(content) // 1024} KB)\n")


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
