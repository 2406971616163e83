"""The `printed` section of the unit dataset (docs/dataset-format.md, "printed"): figures a
hand-made report printed, for the consistency check to hold against kinerja's own.

A row is upserted by (year, figure, where, indicator, categories); its `value` is what
changes. Loading never deletes a printed figure the file does not mention.
"""

from collections import Counter

from kinerja.budget.choices import PnbpCategory
from kinerja.core.numbers import to_decimal
from kinerja.datasets.errors import Problem
from kinerja.datasets.sections import Section, object_schema

from .models import (
    CATEGORY_FIGURES,
    INDICATOR_FIGURES,
    PrintedFigure,
    PrintedFigureKind,
    canonical_categories,
)

DEFS = {
    "printed_figure": object_schema(
        {
            "year": {"type": "integer", "minimum": 1990, "maximum": 2100},
            "where": {"type": "string", "minLength": 1, "maxLength": 64},
            "figure": {"enum": PrintedFigureKind.values},
            "indicator": {"type": "string", "minLength": 1, "maxLength": 32},
            "categories": {"type": "array", "items": {"enum": PnbpCategory.values}},
            "value": {"type": "number"},
        },
        ["year", "where", "figure", "value"],
    )
}


def _key(row: dict) -> tuple:
    return (
        row["year"],
        row["figure"],
        row["where"],
        row.get("indicator") or "",
        tuple(canonical_categories(row.get("categories") or [])),
    )


def check_printed(value: list, context) -> list[Problem]:
    """What the schema cannot say: which figure needs categories or an indicator, that the
    indicator means something in the figure's year, and that no figure is listed twice."""
    problems = []
    for key, n in Counter(_key(row) for row in value).items():
        if n > 1:
            year, figure, where, indicator, categories = key
            about = " ".join(x for x in (indicator, "+".join(categories)) if x)
            about = f" ({about})" if about else ""
            problems.append(Problem("printed", f"{where} {year} {figure}{about} is listed twice"))
    for i, row in enumerate(value):
        at = f"printed[{i}]"
        figure, categories = row["figure"], row.get("categories")
        if figure in CATEGORY_FIGURES:
            if not categories:
                problems.append(
                    Problem(
                        f"{at}.categories",
                        f"{figure} needs the PNBP categories of its row (one or more)",
                    )
                )
            for dup in sorted({c for c in categories or [] if categories.count(c) > 1}):
                problems.append(Problem(f"{at}.categories", f'"{dup}" is listed twice'))
        elif categories is not None:
            problems.append(Problem(f"{at}.categories", f"{figure} has no categories"))
        indicator = row.get("indicator")
        if figure in INDICATOR_FIGURES:
            if indicator is None:
                problems.append(
                    Problem(f"{at}.indicator", f"{figure} needs the indicator of its row")
                )
            else:
                known = context.indicator_codes(row["year"])
                if indicator not in known:
                    hint = f"; known: {', '.join(sorted(known))}" if known else ""
                    problems.append(
                        Problem(
                            f"{at}.indicator",
                            f'unknown indicator "{indicator}" for {row["year"]}{hint}',
                        )
                    )
        elif indicator is not None:
            problems.append(Problem(f"{at}.indicator", f"{figure} has no indicator"))
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
            },
            {"value": to_decimal(row["value"])},
        )


def dump_printed(unit, plan) -> list[dict]:
    """In the order the figures were first loaded (within a year), as the file listed them."""
    out = []
    for f in PrintedFigure.objects.filter(unit=unit).order_by("year", "id"):
        row = {"year": f.year, "where": f.where, "figure": f.figure}
        if f.indicator_code:
            row["indicator"] = f.indicator_code
        if f.categories:
            row["categories"] = list(f.categories)
        row["value"] = f.value
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
