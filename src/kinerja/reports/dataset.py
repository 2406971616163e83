"""The `printed` and `narratives` sections of the unit dataset (docs/dataset-format.md).
`printed`: figures a hand-made report printed, for the consistency check to hold against
kinerja's own. `narratives`: the unit's own words of its reports (below).

A row is upserted by (year, figure, where, indicator, categories); its `value` is what
changes. Loading never deletes a printed figure the file does not mention.
"""

from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _

from kinerja.budget.choices import PnbpCategory, Source, SpendingType
from kinerja.core.numbers import read_number, to_decimal
from kinerja.datasets.errors import Problem
from kinerja.datasets.sections import Section, object_schema
from kinerja.sources.choices import ServiceType

from .checks import printed_places
from .models import (
    BUDGET_FIGURES,
    CATEGORY_FIGURES,
    INDICATOR_FIGURES,
    SURVEY_FIGURES,
    TEXT_FIGURES,
    Narrative,
    NarrativeKind,
    PrintedFigure,
    PrintedFigureKind,
    canonical_categories,
)
from .printed import printed_grade, printed_status

DEFS = {
    "printed_figure": object_schema(
        {
            "year": {"type": "integer", "minimum": 1990, "maximum": 2100},
            "where": {"type": "string", "minLength": 1, "maxLength": 64},
            "page": {"type": "integer", "minimum": 1, "maximum": 100000},
            "figure": {"enum": PrintedFigureKind.values},
            "indicator": {"type": "string", "minLength": 1, "maxLength": 32},
            "categories": {"type": "array", "items": {"enum": PnbpCategory.values}},
            "line": {"type": "string", "minLength": 1, "maxLength": 64},
            "source": {"enum": Source.values},
            "type": {"enum": SpendingType.values},
            "service": {"enum": ServiceType.values},
            "value": {"type": ["number", "string"]},
            "places": {"type": "integer", "minimum": 0, "maximum": 6},
        },
        ["year", "where", "figure", "value"],
    )
}
# The dataset key of each part a budget or survey figure may be of, and the field it is
# stored in.
PART_KEYS = {
    "line": "line_code",
    "source": "source",
    "type": "spending_type",
    "service": "service_type",
}
BUDGET_PARTS = ("line", "source", "type")


def _key(row: dict) -> tuple:
    return (
        row["year"],
        row["figure"],
        row["where"],
        row.get("indicator") or "",
        tuple(canonical_categories(row.get("categories") or [])),
        *(str(row.get(k) or "") for k in PART_KEYS),
    )


def printed_value(row: dict) -> tuple[Decimal | None, int | None, str]:
    """(value, places, text) of a row: a number as written in the file (``122.40`` keeps
    its 2 places), or the text as the report printed it ("122,40 %", "Rp 3.858.000.000"),
    read as ``kinerja review`` reads a cell; a status or a grade is text. ``places``
    overrides the places the value shows. Raises ValueError with the reason."""
    value, figure = row["value"], row["figure"]
    if figure in TEXT_FIGURES:
        if not isinstance(value, str):
            raise ValueError(f"{figure} is printed as text, e.g. Tercapai or B; got {value}")
        text = " ".join(value.split())
        reader = printed_status if figure == PrintedFigureKind.STATUS else printed_grade
        if reader(text) is None:
            examples = (
                "Tercapai, Tidak tercapai, Berhasil, Tidak berhasil"
                if figure == PrintedFigureKind.STATUS
                else "A, B, C or D, optionally with its label (B (Baik))"
            )
            raise ValueError(f'"{text}" is not a {figure}; expected {examples}')
        return None, None, text
    if isinstance(value, str):
        number = read_number(value)
        if number is None:
            raise ValueError(f'"{value}" is not a number as a report prints it')
        amount, places = number.value, number.places
    else:
        amount = to_decimal(value)
        exponent = amount.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    if row.get("places") is not None:
        places = row["places"]
    return amount, places, ""


def check_printed(value: list, context) -> list[Problem]:
    """What the schema cannot say: which figure needs categories or an indicator, that the
    indicator means something in the figure's year, and that no figure is listed twice."""
    problems = []
    for key, n in Counter(_key(row) for row in value).items():
        if n > 1:
            year, figure, where, indicator, categories, *parts = key
            about = " ".join(x for x in (indicator, "+".join(categories), *parts) if x)
            about = f" ({about})" if about else ""
            problems.append(
                Problem(
                    "printed",
                    _("%(item)s tercantum dua kali") % {"item": f"{where} {year} {figure}{about}"},
                )
            )
    for i, row in enumerate(value):
        at = f"printed[{i}]"
        figure, categories = row["figure"], row.get("categories")
        if figure in CATEGORY_FIGURES:
            if not categories:
                problems.append(
                    Problem(
                        f"{at}.categories",
                        _("%(figure)s memerlukan kategori PNBP barisnya (satu atau lebih)")
                        % {"figure": figure},
                    )
                )
            for dup in sorted({c for c in categories or [] if categories.count(c) > 1}):
                problems.append(
                    Problem(f"{at}.categories", _('"%(code)s" tercantum dua kali') % {"code": dup})
                )
        elif categories is not None:
            problems.append(
                Problem(
                    f"{at}.categories",
                    _("%(figure)s tidak memiliki kategori") % {"figure": figure},
                )
            )
        indicator = row.get("indicator")
        if figure in INDICATOR_FIGURES:
            if indicator is None:
                problems.append(
                    Problem(
                        f"{at}.indicator",
                        _("%(figure)s memerlukan indikator barisnya") % {"figure": figure},
                    )
                )
            else:
                known = context.indicator_codes(row["year"])
                if indicator not in known:
                    problems.append(
                        Problem(
                            f"{at}.indicator", _unknown_indicator(indicator, row["year"], known)
                        )
                    )
        elif indicator is not None:
            problems.append(
                Problem(
                    f"{at}.indicator",
                    _("%(figure)s tidak memiliki indikator") % {"figure": figure},
                )
            )
        problems += _check_parts(at, row, context)
        try:
            printed_value(row)
        except ValueError as exc:
            problems.append(Problem(f"{at}.value", str(exc)))
        if row.get("places") is not None and figure in TEXT_FIGURES:
            problems.append(
                Problem(
                    f"{at}.places",
                    _("%(figure)s berupa teks dan tidak memiliki places") % {"figure": figure},
                )
            )
    return problems


def _unknown_indicator(code: str, year: int, known) -> str:
    message = _('indikator "%(code)s" tidak dikenal untuk %(year)s') % {"code": code, "year": year}
    if known:
        message += _("; yang dikenal: %(codes)s") % {"codes": ", ".join(sorted(known))}
    return message


def _check_parts(at: str, row: dict, context) -> list[Problem]:
    """A budget figure is of at most one line, source or type; a survey figure may name
    its service; no other figure has any of them. A line must be in the year's DIPA when
    the file lists that DIPA's lines."""
    figure = row["figure"]
    allowed = BUDGET_PARTS if figure in BUDGET_FIGURES else ()
    allowed = ("service",) if figure in SURVEY_FIGURES else allowed
    problems = []
    given = [k for k in PART_KEYS if row.get(k) is not None]
    for k in given:
        if k not in allowed:
            problems.append(
                Problem(
                    f"{at}.{k}",
                    _("%(figure)s tidak memiliki %(part)s") % {"figure": figure, "part": k},
                )
            )
    if len([k for k in given if k in allowed]) > 1:
        named = _(" dan ").join(given)
        problems.append(
            Problem(
                at,
                _("%(figure)s hanya untuk satu line, source atau type, bukan %(named)s")
                % {"figure": figure, "named": named},
            )
        )
    line = row.get("line")
    if line is not None and "line" in allowed:
        for budget in context.data.get("budgets") or []:
            if budget.get("year") != row["year"] or not budget.get("lines"):
                continue
            codes = {str(item.get("code")) for item in budget["lines"]}
            if line not in codes:
                problems.append(
                    Problem(
                        f"{at}.line",
                        _('tidak ada line "%(line)s" dalam DIPA %(year)s')
                        % {"line": line, "year": row["year"]},
                    )
                )
    return problems


def write_printed(value: list, writer) -> None:
    for row in value:
        writer.upsert(
            PrintedFigure,
            {
                "unit": writer.unit,
                "year": row["year"],
                "figure": row["figure"],
                "where": row["where"],
                "indicator_code": row.get("indicator") or "",
                "categories": canonical_categories(row.get("categories") or []),
                **{field: str(row.get(key) or "") for key, field in PART_KEYS.items()},
            },
            _stored_value(row),
        )


def _stored_value(row: dict) -> dict:
    value, places, text = printed_value(row)
    stored = {"value": value, "text": text, "page": row.get("page")}
    # Places are kept only where the stored Decimal would lose them ("122.40", "1.5" as 2).
    keep = value is not None and places != printed_places(value)
    stored["places"] = places if keep else None
    return stored


def dump_printed(unit, plan) -> list[dict]:
    """In the order the figures were first loaded (within a year), as the file listed them."""
    out = []
    for f in PrintedFigure.objects.filter(unit=unit).order_by("year", "id"):
        row = {"year": f.year, "where": f.where}
        if f.page is not None:
            row["page"] = f.page
        row["figure"] = f.figure
        if f.indicator_code:
            row["indicator"] = f.indicator_code
        if f.categories:
            row["categories"] = list(f.categories)
        for key, field in PART_KEYS.items():
            if getattr(f, field):
                row[key] = getattr(f, field)
        row["value"] = f.text if f.figure in TEXT_FIGURES else f.value
        if f.places is not None:
            row["places"] = f.places
        out.append(row)
    return out


PRINTED_SECTION = Section(
    key="printed",
    schema={"type": "array", "items": {"$ref": "#/$defs/printed_figure"}},
    defs=DEFS,
    check=check_printed,
    write=write_printed,
    dump=dump_printed,
    order=90,  # after the data it is checked against
)


# -- narratives -------------------------------------------------------------------------
# The `narratives` section (docs/dataset-format.md, "narratives"): the unit's own words of
# a report (foreword, executive summary, the analysis of each indicator, conclusion,
# obstacles, recommendations), one row per year, kind and — for an indicator's analysis —
# indicator. Upserted by (year, kind, indicator); never deleted by a load.
NARRATIVE_DEFS = {
    "narrative": object_schema(
        {
            "year": {"type": "integer", "minimum": 1990, "maximum": 2100},
            "kind": {"enum": NarrativeKind.values},
            "indicator": {"type": "string", "minLength": 1, "maxLength": 32},
            "text": {"type": "string", "minLength": 1},
        },
        ["year", "kind", "text"],
    )
}
# Kinds that are about the whole report, never about one indicator.
REPORT_ONLY_KINDS = {NarrativeKind.FOREWORD, NarrativeKind.SUMMARY, NarrativeKind.CONCLUSION}


def _narrative_key(row: dict) -> tuple:
    return (row["year"], row["kind"], row.get("indicator") or "")


def check_narratives(value: list, context) -> list[Problem]:
    problems = []
    for key, n in Counter(_narrative_key(row) for row in value).items():
        if n > 1:
            year, kind, indicator = key
            item = (
                _("%(kind)s dari %(indicator)s %(year)s")
                % {"kind": kind, "indicator": indicator, "year": year}
                if indicator
                else f"{kind} {year}"
            )
            problems.append(
                Problem("narratives", _("%(item)s tercantum dua kali") % {"item": item})
            )
    for i, row in enumerate(value):
        at = f"narratives[{i}]"
        indicator = row.get("indicator")
        if not row["text"].strip():
            problems.append(Problem(f"{at}.text", _("tidak boleh kosong")))
        if indicator is None:
            continue
        if row["kind"] in REPORT_ONLY_KINDS:
            problems.append(
                Problem(
                    f"{at}.indicator",
                    _("%(kind)s tentang laporan secara keseluruhan") % {"kind": row["kind"]},
                )
            )
            continue
        known = context.indicator_codes(row["year"])
        if indicator not in known:
            problems.append(
                Problem(f"{at}.indicator", _unknown_indicator(indicator, row["year"], known))
            )
    return problems


def write_narratives(value: list, writer) -> None:
    for row in value:
        code = row.get("indicator")
        indicator = writer.indicator(code, row["year"]) if code else None
        writer.upsert(
            Narrative,
            {"unit": writer.unit, "year": row["year"], "kind": row["kind"], "indicator": indicator},
            {"text": row["text"].strip()},
        )


def dump_narratives(unit, plan) -> list[dict]:
    out = []
    rows = Narrative.objects.filter(unit=unit).select_related("indicator")
    for n in rows.order_by("year", "indicator__code", "kind"):
        row = {"year": n.year, "kind": n.kind}
        if n.indicator_id:
            row["indicator"] = n.indicator.code
        row["text"] = n.text
        out.append(row)
    return out


NARRATIVES_SECTION = Section(
    key="narratives",
    schema={"type": "array", "items": {"$ref": "#/$defs/narrative"}},
    defs=NARRATIVE_DEFS,
    check=check_narratives,
    write=write_narratives,
    dump=dump_narratives,
    order=95,
)
