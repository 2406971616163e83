"""The `budgets` and `pnbp` sections of the unit dataset (docs/dataset-format.md)."""

import datetime as dt

from django.utils.translation import gettext as _

from kinerja.audit.tracking import record_created
from kinerja.core.numbers import to_decimal
from kinerja.datasets.errors import Problem
from kinerja.datasets.sections import Section, duplicates, object_schema
from kinerja.measurement.choices import Period
from kinerja.org.choices import REGIONAL_KINDS
from kinerja.planning.choices import Aggregation, Polarity

from .choices import (
    LEVEL_RANK,
    LEVELS_BY_KIND,
    SOURCES_BY_KIND,
    TYPES_BY_KIND,
    BudgetKind,
    Dimension,
    LineLevel,
    PnbpCategory,
    SpendingType,
)
from .models import (
    Breakdown,
    BudgetYear,
    FundingSource,
    Line,
    LineIndicator,
    LineOutput,
    LineOutputRealization,
    PnbpReceipt,
    PnbpYear,
    Revision,
)

_YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
_MONEY = {"type": ["integer", "null"], "minimum": 0}
_TEXT = {"type": ["string", "null"]}
_SOURCE = {"type": "string", "pattern": r"^[a-z0-9_]+$", "maxLength": 20}
_MEASURE = {"type": ["number", "null"]}


_BREAKDOWN = {
    "initial_ceiling": _MONEY,
    "final_ceiling": _MONEY,
    "spending": _MONEY,
}
DEFS = {
    "budgets_year": object_schema(
        {
            "year": _YEAR,
            "kind": {"enum": BudgetKind.values},
            "dipa_number": _TEXT,
            **_BREAKDOWN,
            "funding_sources": {
                "type": "array",
                "items": object_schema(
                    {"code": _SOURCE, "name": {"type": "string", "minLength": 1}},
                    ["code", "name"],
                ),
            },
            "by_source": {
                "type": "array",
                "items": object_schema({"source": _SOURCE, **_BREAKDOWN}, ["source"]),
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
            "source": _SOURCE,
            "indicators": {"type": "array", "items": {"type": "string"}},
            "unlinked_reason": _TEXT,
            "outputs": {"type": "array", "items": {"$ref": "#/$defs/budgets_output"}},
        },
        ["code", "level", "name"],
    ),
    "budgets_output": object_schema(
        {
            "name": {"type": "string", "minLength": 1},
            "unit": {"type": "string", "minLength": 1, "maxLength": 64},
            "target": _MEASURE,
            "polarity": {"enum": [Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER]},
            "aggregation": {"enum": Aggregation.values},
            "realizations": object_schema({p: {"type": "number"} for p in Period.values}, []),
        },
        ["name", "unit"],
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


def default_kind(unit_kind: str | None) -> str:
    """A budget that does not state its kind is the unit's kind of budget: a DPA (APBD)
    for a regional government or perangkat daerah, a DIPA (APBN) for everyone else."""
    return BudgetKind.APBD if unit_kind in REGIONAL_KINDS else BudgetKind.APBN


def _unit_kind(data: dict) -> str | None:
    """The kind of the file's unit: as the file states it, else as the database has it."""
    from kinerja.org.models import Unit

    unit = data.get("unit") or {}
    if unit.get("kind"):
        return unit["kind"]
    return Unit.objects.filter(code=unit.get("code")).values_list("kind", flat=True).first()


def check_budgets(value: list, context) -> list[Problem]:
    problems = []
    unit_default = default_kind(_unit_kind(context.data))
    for year in duplicates(b["year"] for b in value):
        problems.append(Problem("budgets", _("tahun %(year)s tercantum dua kali") % {"year": year}))
    for b, budget in enumerate(value):
        where = f"budgets[{b}]"
        kind = budget.get("kind") or unit_default
        for key, name in (("by_source", "source"), ("by_type", "type")):
            for dup in duplicates(row[name] for row in budget.get(key, [])):
                problems.append(Problem(f"{where}.{key}", _listed_twice(dup)))
        defined = [s["code"] for s in budget.get("funding_sources", [])]
        for dup in duplicates(defined):
            problems.append(Problem(f"{where}.funding_sources", _listed_twice(dup)))
        for code in sorted(set(defined) & set(SOURCES_BY_KIND[kind])):
            problems.append(
                Problem(
                    f"{where}.funding_sources",
                    _('"%(code)s" adalah sumber bawaan; hapus dari daftar ini') % {"code": code},
                )
            )
        sources = source_codes(kind, defined)
        for r, row in enumerate(budget.get("by_source", [])):
            problems += source_problems(
                row["source"], kind, sources, f"{where}.by_source[{r}].source"
            )
        types = TYPES_BY_KIND[kind]
        for r, row in enumerate(budget.get("by_type", [])):
            if row["type"] not in types:
                problems.append(
                    Problem(
                        f"{where}.by_type[{r}].type",
                        _(
                            '"%(code)s" bukan jenis belanja %(budget)s; seharusnya salah satu '
                            "dari %(choices)s"
                        )
                        % {
                            "code": row["type"],
                            "budget": _kind_name(kind),
                            "choices": ", ".join(types),
                        },
                    )
                )
        for number in duplicates(r["number"] for r in budget.get("revisions", [])):
            problems.append(
                Problem(
                    f"{where}.revisions",
                    _("revisi %(number)s tercantum dua kali") % {"number": number},
                )
            )
        problems += line_problems(
            budget.get("lines", []),
            context.indicator_codes(budget["year"]),
            f"{where}.lines",
            kind=kind,
            sources=sources,
        )
    return problems


def _kind_name(kind: str) -> str:
    return _("anggaran APBD (DPA)") if kind == BudgetKind.APBD else _("anggaran APBN (DIPA)")


def _listed_twice(code) -> str:
    return _('"%(code)s" tercantum dua kali') % {"code": code}


def source_codes(kind: str, defined) -> tuple[str, ...]:
    """The sources a budget of ``kind`` may name: the shipped ones of its kind, then
    those its year defines."""
    return (*SOURCES_BY_KIND[kind], *defined)


def source_problems(code: str, kind: str, sources, at: str) -> list[Problem]:
    if code in sources:
        return []
    other = BudgetKind.APBD if kind == BudgetKind.APBN else BudgetKind.APBN
    if code in SOURCES_BY_KIND[other]:
        why = _('"%(code)s" adalah sumber %(other)s, bukan %(budget)s') % {
            "code": code,
            "other": _kind_name(other),
            "budget": _kind_name(kind),
        }
    else:
        why = _('sumber dana "%(code)s" tidak dikenal; tetapkan di funding_sources') % {
            "code": code
        }
    return [
        Problem(
            at, _("%(why)s; yang dikenal: %(codes)s") % {"why": why, "codes": ", ".join(sources)}
        )
    ]


def line_problems(
    lines: list[dict],
    indicator_codes,
    where: str,
    *,
    kind: str = BudgetKind.APBN,
    sources=None,
) -> list[Problem]:
    """Row checks shared by the dataset and the XLSX import (one rule, one place)."""
    problems = []
    seen: set[str] = set()
    levels = LEVELS_BY_KIND[kind]
    sources = source_codes(kind, ()) if sources is None else sources
    for i, line in enumerate(lines):
        at = f"{where}[{i}]"
        if line["code"] in seen:
            problems.append(
                Problem(
                    f"{at}.code", _('kode "%(code)s" tercantum dua kali') % {"code": line["code"]}
                )
            )
        seen.add(line["code"])
        if line["level"] not in levels:
            problems.append(
                Problem(
                    f"{at}.level",
                    _('"%(level)s" bukan tingkat %(budget)s; tingkatnya: %(levels)s')
                    % {
                        "level": line["level"],
                        "budget": _kind_name(kind),
                        "levels": ", ".join(levels),
                    },
                )
            )
        elif kind == BudgetKind.APBD:
            problems += _nesting_problems(lines, i, at)
        if line.get("source"):
            problems += source_problems(line["source"], kind, sources, f"{at}.source")
        for o, output in enumerate(line.get("outputs") or []):
            if output.get("target") is not None and output["target"] < 0:
                problems.append(Problem(f"{at}.outputs[{o}].target", _("tidak boleh negatif")))
        ceiling, spending = line.get("ceiling"), line.get("spending")
        if ceiling is not None and ceiling < 0:
            problems.append(Problem(f"{at}.ceiling", _negative(ceiling)))
        if spending is not None and spending < 0:
            problems.append(Problem(f"{at}.spending", _negative(spending)))
        if ceiling is not None and spending is not None and spending > ceiling:
            problems.append(
                Problem(
                    f"{at}.spending",
                    _("realisasi %(spending)s melebihi pagu %(ceiling)s")
                    % {"spending": spending, "ceiling": ceiling},
                )
            )
        if spending is not None and ceiling is None:
            problems.append(
                Problem(f"{at}.ceiling", _("baris yang memiliki realisasi memerlukan pagu"))
            )
        for code in line.get("indicators") or []:
            if code not in indicator_codes:
                problems.append(
                    Problem(
                        f"{at}.indicators",
                        _('indikator "%(code)s" tidak dikenal') % {"code": code}
                        + (
                            _("; yang dikenal: %(codes)s")
                            % {"codes": ", ".join(sorted(indicator_codes))}
                            if indicator_codes
                            else ""
                        ),
                    )
                )
    return problems


def _negative(amount) -> str:
    return _("tidak boleh negatif, bukan %(value)s") % {"value": amount}


def _nesting_problems(lines: list[dict], index: int, at: str) -> list[Problem]:
    """Permendagri 90/2019 codes nest: a kegiatan's code is its program's code and more
    (1.02.02 → 1.02.02.2.01 → 1.02.02.2.01.0001), so a line under the wrong parent shows."""
    line = lines[index]
    parent_index = _parent_index(lines, index)
    if line["level"] != LineLevel.PROGRAM and parent_index is None:
        return [
            Problem(
                f"{at}.level",
                _("baris %(level)s memerlukan baris di atasnya") % {"level": line["level"]},
            )
        ]
    if parent_index is None or lines[parent_index]["level"] not in LEVELS_BY_KIND[BudgetKind.APBD]:
        return []
    parent = lines[parent_index]
    if not line["code"].startswith(parent["code"] + "."):
        return [
            Problem(
                f"{at}.code",
                _(
                    '"%(code)s" tidak melanjutkan kode %(level)s induknya "%(parent)s" '
                    '(seharusnya "%(parent)s.…")'
                )
                % {"code": line["code"], "level": parent["level"], "parent": parent["code"]},
            )
        ]
    return []


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
        problems.append(Problem("pnbp", _("tahun %(year)s tercantum dua kali") % {"year": year}))
    for p, pnbp in enumerate(value):
        for dup in duplicates(r["category"] for r in pnbp.get("receipts", [])):
            problems.append(Problem(f"pnbp[{p}].receipts", _listed_twice(dup)))
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
                "source": line.get("source") or "",
                "unlinked_reason": line.get("unlinked_reason") or "",
                "position": i,
            },
        )
        objects.append(obj)
        if "outputs" in line:
            write_outputs(writer, obj, line["outputs"] or [])
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


def write_outputs(writer, line: Line, outputs: list[dict]) -> None:
    """A line's output indicators as listed (by position), with their realizations;
    outputs and periods no longer listed are removed."""
    line.outputs.filter(position__gte=len(outputs)).delete()
    for position, output in enumerate(outputs):
        obj = writer.upsert(
            LineOutput,
            {"line": line, "position": position},
            {
                "name": output["name"],
                "unit_label": output["unit"],
                "target": to_decimal(output.get("target")),
                "polarity": output.get("polarity") or Polarity.HIGHER_IS_BETTER,
                "aggregation": output.get("aggregation") or Aggregation.SUM,
            },
        )
        realizations = output.get("realizations") or {}
        obj.realizations.exclude(period__in=list(realizations)).delete()
        for period, value in realizations.items():
            writer.upsert(
                LineOutputRealization,
                {"output": obj, "period": period},
                {"value": to_decimal(value)},
            )


def write_budgets(value: list, writer) -> None:
    for budget in value:
        obj = writer.upsert(
            BudgetYear,
            {"unit": writer.unit, "year": budget["year"]},
            {
                "kind": budget.get("kind") or default_kind(writer.unit.kind),
                "dipa_number": budget.get("dipa_number") or "",
                "initial_ceiling": to_decimal(budget.get("initial_ceiling")),
                "final_ceiling": to_decimal(budget.get("final_ceiling")),
                "spending": to_decimal(budget.get("spending")),
            },
        )
        for source in budget.get("funding_sources", []):
            writer.upsert(
                FundingSource, {"budget": obj, "code": source["code"]}, {"name": source["name"]}
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
        "breakdowns",
        "revisions",
        "funding_sources",
        "lines__links__indicator",
        "lines__outputs__realizations",
    )
    out = []
    for budget in years:
        row = _optional(
            {"year": budget.year},
            kind=budget.kind if budget.kind != default_kind(unit.kind) else None,
            dipa_number=budget.dipa_number,
            initial_ceiling=budget.initial_ceiling,
            final_ceiling=budget.final_ceiling,
            spending=budget.spending,
            funding_sources=[
                {"code": s.code, "name": s.name} for s in budget.funding_sources.all()
            ],
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
                    source=line.source,
                    indicators=sorted(link.indicator.code for link in line.links.all()),
                    unlinked_reason=line.unlinked_reason,
                    outputs=[_dump_output(o) for o in line.outputs.all()],
                )
                for line in budget.lines.all()
            ],
        )
        out.append(row)
    return out


def _dump_output(output: LineOutput) -> dict:
    return _optional(
        {"name": output.name, "unit": output.unit_label},
        target=output.target,
        polarity=output.polarity if output.polarity != Polarity.HIGHER_IS_BETTER else None,
        aggregation=output.aggregation if output.aggregation != Aggregation.SUM else None,
        realizations={
            r.period: r.value
            for r in sorted(output.realizations.all(), key=lambda r: Period.values.index(r.period))
        }
        or None,
    )


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
