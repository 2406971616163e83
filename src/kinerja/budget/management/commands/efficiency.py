import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_noop

from kinerja.budget.models import BudgetYear
from kinerja.budget.selectors import BudgetUnavailable, efficiency_rows
from kinerja.budget.words import BudgetWords, budget_words
from kinerja.core.language import CommandHelp
from kinerja.core.numbers import decimal_str, format_id, format_pct_id

from ._common import unit_or_error


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop("Efisiensi anggaran per indikator (IBT, IBR), seperti Tabel 3.72 LAKIN.")
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, unit, year, **options):
        the_unit = unit_or_error(unit)
        try:
            rows = efficiency_rows(the_unit, year)
        except BudgetUnavailable as exc:
            raise CommandError(str(exc)) from None
        kind = BudgetYear.objects.filter(unit=the_unit, year=year).values_list("kind", flat=True)
        if options["json"]:
            data = {"unit": unit, "year": year, "rows": [as_json(r) for r in rows]}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(as_text(rows, budget_words(kind.first())))


def as_json(row) -> dict:
    r = row.result
    return {
        "indicator_code": row.indicator_code,
        "ceiling": decimal_str(row.ceiling),
        "spending": decimal_str(row.spending),
        "absorption_pct": decimal_str(row.absorption_pct, 2),
        "target": decimal_str(row.target),
        "realization": decimal_str(row.realization),
        "achievement_pct": decimal_str(row.achievement_pct, 2),
        "ibt": decimal_str(r.ibt, 2),
        "ibr": decimal_str(r.ibr, 2),
        "efficiency_pct": decimal_str(r.efficiency_pct, 2),
        "effective": r.effective,
        "efficient": r.efficient,
    }


def _label(flag, yes, no) -> str:
    return "–" if flag is None else (yes if flag else no)


def as_text(rows, words: BudgetWords | None = None) -> str:
    words = words or budget_words(None)
    header = [
        "Kode",
        words.ceiling,
        "Realisasi",
        "IBT",
        "IBR",
        "Efisiensi",
        "Efektivitas",
        "Kriteria",
    ]
    body = [
        [
            r.indicator_code,
            format_id(r.ceiling),
            format_id(r.spending),
            format_id(r.result.ibt),
            format_id(r.result.ibr),
            format_pct_id(r.result.efficiency_pct, na="–"),
            _label(r.result.effective, "Efektif", "Tidak efektif"),
            _label(r.result.efficient, "Efisien", "Tidak efisien"),
        ]
        for r in rows
    ]
    widths = [max(len(x[i]) for x in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(
            c.rjust(w) if 0 < i < 6 else c.ljust(w)
            for i, (c, w) in enumerate(zip(x, widths, strict=True))
        ).rstrip()
        for x in [header, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
