"""The `budgets` and `pnbp` sections of the unit dataset (docs/dataset-format.md)."""

import datetime as dt

from kinerja.audit.tracking import record_created
from kinerja.core.numbers import to_decimal
from kinerja.datasets.errors import Problem
from kinerja.datasets.sections import Section, duplicates, object_schema

from .choices import LEVEL_RANK, Dimension, LineLevel, PnbpCategory, Source, SpendingType
from .models import (
    Breakdown,
    BudgetYear,
    Line,
    LineIndicator,
    PnbpReceipt,
    PnbpYear,
    Revision,
)

_YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
_MONEY = {"type": ["integer", "null"], "minimum": 0}
_TEXT = {"type": ["string", "null"]}


_BREAKDOWN = {
    "initial_ceiling": _MONEY,
    "final_ceiling": _MONEY,
    "spending": _MONEY,
}
DEFS = {
    "budgets_year": object_schema(
        {
            "year": _YEAR,
            "dipa_number": _TEXT,
            **_BREAKDOWN,
            "by_source": {
                "type": "array",
                "items": object_schema(
                    {"source": {"enum": Source.values}, **_BREAKDOWN}, ["source"]
                ),
            },
            "by_type": {
                "type": "array",
                "items": object_schema(
                    {"type": {"enum": SpendingType.values}, **_BREAKDOWN}, ["type"]
                ),
            },
            "revisions": {
                "type": "array",
                "items": object_schema(
                    {
                        "number": {"type": "integer", "minimum": 1},
                        "date": {
                            "type": ["string", "null"],
                            "format": "date",
                            "pattern": r"^\d{4}-\d{2}-\d{2}$",
                        },
                        "kind": _TEXT,
                        "description": _TEXT,
                    },
                    ["number"],
                ),
            },
            "lines": {"type": "array", "items": {"$ref": "#/$defs/budgets_line"}},
        },
        ["year"],
    ),
    "budgets_line": object_schema(
        {
            "code": {"type": "string", "minLength": 1, "maxLength": 64},
            "level": {"enum": LineLevel.values},
            "name": {"type": "string", "minLength": 1},
            "ceiling": _MONEY,
            "spending": _MONEY,
            "indicators": {"type": "array", "items": {"type": "string"}},
            "unlinked_reason": _TEXT,
        },
        ["code", "level", "name"],
    ),
    "pnbp_year": object_schema(
        {
            "year": _YEAR,
            "revenue_target": _MONEY,
            "permitted_use_pct": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
            "use_ceiling": _MONEY,
            "use_spending": _MONEY,
            "receipts": {
                "type": "array",
                "items": object_schema(
                    {
                        "category": {"enum": PnbpCategory.values},
                        "amount": {"type": "integer", "minimum": 0},
                    },
                    ["category", "amount"],
                ),
            },
        },
        ["year"],
    ),
}


def check_budgets(value: list, context) -> list[Problem]:
    problems = []
    for year in duplicates(b["year"] for b in value):
        problems.append(Problem("budgets", f"year {year} is listed twice"))
    for b, budget in enumerate(value):
        where = f"budgets[{b}]"
        for key, name in (("by_source", "source"), ("by_type", "type")):
            for dup in duplicates(row[name] for row in budget.get(key, [])):
                problems.append(Problem(f"{where}.{key}", f'"{dup}" is listed twice'))
        for number in duplicates(r["number"] for r in budget.get("revisions", [])):
            problems.append(Problem(f"{where}.revisions", f"revision {number} is listed twice"))
        problems += line_problems(
            budget.get("lines", []), context.indicator_codes(budget["year"]), f"{where}.lines"
        )
    return problems


def line_problems(lines: list[dict], indicator_codes, where: str) -> list[Problem]:
    """Row checks shared by the dataset and the XLSX import (one rule, one place)."""
    problems = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        at = f"{where}[{i}]"
        if line["code"] in seen:
            problems.append(Problem(f"{at}.code", f'code "{line["code"]}" is listed twice'))
        seen.add(line["code"])
        ceiling, spending = line.get("ceiling"), line.get("spending")
        if ceiling is not None and ceiling < 0:
            problems.append(Problem(f"{at}.ceiling", f"must not be negative, got {ceiling}"))
        if spending is not None and spending < 0:
            problems.append(Problem(f"{at}.spending", f"must not be negative, got {spending}"))
        if ceiling is not None and spending is not None and spending > ceiling:
            problems.append(
                Problem(f"{at}.spending", f"spending {spending} is above the ceiling {ceiling}")
            )
        if spending is not None and ceiling is None:
            problems.append(Problem(f"{at}.ceiling", "a line with spending needs a ceiling"))
        for code in line.get("indicators") or []:
            if code not in indicator_codes:
                problems.append(
                    Problem(
                        f"{at}.indicators",
                        f'unknown indicator "{code}"'
                        + (
                            f"; known: {', '.join(sorted(indicator_codes))}"
                            if indicator_codes
                            else ""
                        ),
                    )
                )
    return problems


def _parent_index(lines: list[dict], index: int) -> int | None:
    """The closest preceding line of a higher level: the table's indentation, as data."""
    rank = LEVEL_RANK[lines[index]["level"]]
    for j in range(index - 1, -1, -1):
        if LEVEL_RANK[lines[j]["level"]] < rank:
            return j
    return None


def check_pnbp(value: list, context) -> list[Problem]:
    problems = []
    for year in duplicates(p["year"] for p in value):
        problems.append(Problem("pnbp", f"year {year} is listed twice"))
    for p, pnbp in enumerate(value):
        for dup in duplicates(r["category"] for r in pnbp.get("receipts", [])):
            problems.append(Problem(f"pnbp[{p}].receipts", f'"{dup}" is listed twice'))
    return problems


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def write_lines(writer, budget: BudgetYear, lines: list[dict], resolve_indicator) -> None:
    """Upsert lines by code, parents from the listing's order; links replaced per line."""
    objects: list[Line] = []
    for i, line in enumerate(lines):
        parent_index = _parent_index(lines, i)
        obj = writer.upsert(
            Line,
            {"budget": budget, "code": line["code"]},
            {
                "parent": objects[parent_index] if parent_index is not None else None,
                "level": line["level"],
                "name": line["name"],
                "ceiling": to_decimal(line.get("ceiling")),
                "spending": to_decimal(line.get("spending")),
                "unlinked_reason": line.get("unlinked_reason") or "",
                "position": i,
            },
        )
        objects.append(obj)
        wanted = {resolve_indicator(code).pk for code in line.get("indicators") or []}
        stored = set(obj.links.values_list("indicator_id", flat=True))
        if wanted != stored:
            obj.links.exclude(indicator_id__in=wanted).delete()
            # bulk_create sends no signals: record the new links in the audit trail.
            record_created(
                LineIndicator.objects.bulk_create(
                    LineIndicator(line=obj, indicator_id=pk) for pk in wanted - stored
                )
            )


def write_budgets(value: list, writer) -> None:
    for budget in value:
        obj = writer.upsert(
            BudgetYear,
            {"unit": writer.unit, "year": budget["year"]},
            {
                "dipa_number": budget.get("dipa_number") or "",
                "initial_ceiling": to_decimal(budget.get("initial_ceiling")),
                "final_ceiling": to_decimal(budget.get("final_ceiling")),
                "spending": to_decimal(budget.get("spending")),
            },
        )
        for key, dimension, name in (
            ("by_source", Dimension.SOURCE, "source"),
            ("by_type", Dimension.TYPE, "type"),
        ):
            for row in budget.get(key, []):
                writer.upsert(
                    Breakdown,
                    {"budget": obj, "dimension": dimension, "key": row[name]},
                    {
                        field: to_decimal(row.get(field))
                        for field in ("initial_ceiling", "final_ceiling", "spending")
                    },
                )
        for rev in budget.get("revisions", []):
            writer.upsert(
                Revision,
                {"budget": obj, "number": rev["number"]},
                {
                    "date": _date(rev.get("date")),
                    "kind": rev.get("kind") or "",
                    "description": rev.get("description") or "",
                },
            )
        write_lines(
            writer,
            obj,
            budget.get("lines", []),
            lambda code, year=budget["year"]: writer.indicator(code, year),
        )


def write_pnbp(value: list, writer) -> None:
    for pnbp in value:
        obj = writer.upsert(
            PnbpYear,
            {"unit": writer.unit, "year": pnbp["year"]},
            {
                field: to_decimal(pnbp.get(field))
                for field in ("revenue_target", "permitted_use_pct", "use_ceiling", "use_spending")
            },
        )
        for row in pnbp.get("receipts", []):
            writer.upsert(
                PnbpReceipt,
                {"pnbp_year": obj, "category": row["category"]},
                {"amount": to_decimal(row["amount"])},
            )


def _optional(out: dict, **fields) -> dict:
    out.update({k: v for k, v in fields.items() if v not in (None, "", [])})
    return out


def dump_budgets(unit, plan) -> list[dict]:
    years = BudgetYear.objects.filter(unit=unit).prefetch_related(
        "breakdowns", "revisions", "lines__links__indicator"
    )
    out = []
    for budget in years:
        row = _optional(
            {"year": budget.year},
            dipa_number=budget.dipa_number,
            initial_ceiling=budget.initial_ceiling,
            final_ceiling=budget.final_ceiling,
            spending=budget.spending,
        )
        for key, dimension, name in (
            ("by_source", Dimension.SOURCE, "source"),
            ("by_type", Dimension.TYPE, "type"),
        ):
            rows = [
                {
                    name: b.key,
                    "initial_ceiling": b.initial_ceiling,
                    "final_ceiling": b.final_ceiling,
                    "spending": b.spending,
                }
                for b in budget.breakdowns.all()
                if b.dimension == dimension
            ]
            _optional(row, **{key: [{k: v for k, v in r.items() if v is not None} for r in rows]})
        _optional(
            row,
            revisions=[
                _optional(
                    {"number": r.number},
                    date=r.date.isoformat() if r.date else None,
                    kind=r.kind,
                    description=r.description,
                )
                for r in budget.revisions.all()
            ],
            lines=[
                _optional(
                    {"code": line.code, "level": line.level, "name": line.name},
                    ceiling=line.ceiling,
                    spending=line.spending,
                    indicators=sorted(link.indicator.code for link in line.links.all()),
                    unlinked_reason=line.unlinked_reason,
                )
                for line in budget.lines.all()
            ],
        )
        out.append(row)
    return out


def dump_pnbp(unit, plan) -> list[dict]:
    out = []
    for pnbp in PnbpYear.objects.filter(unit=unit).prefetch_related("receipts"):
        out.append(
            _optional(
                {"year": pnbp.year},
                revenue_target=pnbp.revenue_target,
                permitted_use_pct=pnbp.permitted_use_pct,
                use_ceiling=pnbp.use_ceiling,
                use_spending=pnbp.use_spending,
                receipts=[
                    {"category": r.category, "amount": r.amount} for r in pnbp.receipts.all()
                ],
            )
        )
    return out


BUDGETS_SECTION = Section(
    key="budgets",
    schema={"type": "array", "items": {"$ref": "#/$defs/budgets_year"}},
    defs={k: v for k, v in DEFS.items() if k.startswith("budgets_")},
    check=check_budgets,
    write=write_budgets,
    dump=dump_budgets,
    order=10,
)
PNBP_SECTION = Section(
    key="pnbp",
    schema={"type": "array", "items": {"$ref": "#/$defs/pnbp_year"}},
    defs={"pnbp_year": DEFS["pnbp_year"]},
    check=check_pnbp,
    write=write_pnbp,
    dump=dump_pnbp,
    order=20,
)
