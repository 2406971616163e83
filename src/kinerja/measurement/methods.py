"""How a computed indicator gets its realization from the unit's records.

Each method is a small function ``(unit, year, params) -> Computed``: the value and the
inputs it came from, so that a reader can recompute every figure by hand (they appear as
``provenance`` in ``kinerja measures --json``). The arithmetic itself is the pure code of
``calc.py`` and ``budget.calc``; the methods only gather inputs with database queries.
Missing inputs give ``value=None`` with a reason — never a crash, never a fake 0.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.core.numbers import decimal_str
from kinerja.datasets.sections import object_schema
from kinerja.org.models import Unit

from . import calc

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Computed:
    value: Decimal | None
    inputs: dict = field(default_factory=dict)  # JSON-ready: numbers as decimal strings
    reason: str | None = None  # why there is no value


@dataclass(frozen=True)
class Method:
    name: str
    description: str
    params: dict  # JSON Schema of the indicator's `source` for this method
    compute: Callable[[Unit, int, dict], Computed]


def _s(value) -> str | None:
    return decimal_str(value)


def _none(reason: str, **inputs) -> Computed:
    return Computed(None, inputs, reason)


# -- count ------------------------------------------------------------------------------
def _count(unit, year, params) -> Computed:
    from kinerja.sources import selectors

    if params["records"] == "facilitations":
        companies = sorted({f.company for f in selectors.facilitations(unit, year, params["kind"])})
        return Computed(Decimal(len(companies)), {"kind": params["kind"], "companies": companies})
    volume = selectors.service_volume(unit, year, params.get("types"))
    return Computed(Decimal(sum(volume.values())), {"by_type": volume})


# -- growth -----------------------------------------------------------------------------
def _quantity(unit, year, params) -> tuple[Decimal | None, dict]:
    if params["records"] == "service_orders":
        from kinerja.sources.selectors import service_volume

        volume = service_volume(unit, year, params.get("types"))
        return (Decimal(sum(volume.values())) if volume else None), volume
    from kinerja.budget.models import PnbpReceipt

    receipts = PnbpReceipt.objects.filter(pnbp_year__unit=unit, pnbp_year__year=year)
    if params.get("categories"):
        receipts = receipts.filter(category__in=params["categories"])
    by_category = {r.category: r.amount for r in receipts.order_by("category")}
    total = sum(by_category.values(), Decimal(0)) if by_category else None
    return total, {k: _s(v) for k, v in by_category.items()}


def _growth(unit, year, params) -> Computed:
    a, a_detail = _quantity(unit, year - 1, params)
    b, b_detail = _quantity(unit, year, params)
    inputs = {
        "records": params["records"],
        "A": _s(a),
        "B": _s(b),
        f"A_{year - 1}": a_detail,
        f"B_{year}": b_detail,
    }
    if b is None:
        return _none("no_records", **inputs)
    if a is None:
        return _none("previous_year_missing", **inputs)
    value = calc.growth_pct(a, b)
    return Computed(value, inputs) if value is not None else _none("previous_year_zero", **inputs)


# -- before / after ---------------------------------------------------------------------
def change_pct(before: Decimal, after: Decimal, direction: str) -> Decimal | None:
    """Productivity (B − A) / A × 100; efficiency (A − B) / A × 100; A = 0 undefined."""
    if before == 0:
        return None
    gain = after - before if direction == "productivity" else before - after
    return gain * _HUNDRED / before


def _before_after_mean(unit, year, params) -> Computed:
    from kinerja.sources.selectors import facilitations

    companies, values = [], []
    for f in facilitations(unit, year, params["kind"]):
        measures = []
        for m in f.measures.all():
            pct = change_pct(m.before, m.after, m.direction)
            measures.append(
                {
                    "name": m.name,
                    "unit": m.unit_label,
                    "A": _s(m.before),
                    "B": _s(m.after),
                    "direction": m.direction,
                    "pct": _s(pct),
                }
            )
        pcts = [Decimal(x["pct"]) for x in measures if x["pct"] is not None]
        company_value = sum(pcts, Decimal(0)) / len(pcts) if pcts else None
        if company_value is not None:
            values.append(company_value)
        companies.append({"company": f.company, "measures": measures, "value": _s(company_value)})
    inputs = {"kind": params["kind"], "companies": companies}
    if not values:
        return _none("no_records", **inputs)
    return Computed(sum(values, Decimal(0)) / len(values), inputs)


# -- ratio ------------------------------------------------------------------------------
def _ratio(unit, year, params) -> Computed:
    from kinerja.budget.calc import pct
    from kinerja.sources import selectors

    if params["records"] == "audit_recommendations":
        follow_up = selectors.audit_follow_up(unit, year)
        inputs = {
            "followed_up": follow_up["done"],
            "total": follow_up["total"],
            "by_kind": follow_up["by_kind"],
        }
        value = pct(Decimal(follow_up["done"]), Decimal(follow_up["total"]))
    else:
        p = selectors.procurement(unit, year)
        inputs = {
            "domestic_spending": _s(p["domestic_spending"]),
            "ceiling": _s(p["ceiling"]),
            "accounts": [
                {"account": a, "domestic": d, "ceiling": _s(c), "spending": _s(s)}
                for a, d, c, s in p["accounts"]
            ],
        }
        value = pct(p["domestic_spending"], p["ceiling"])
    return Computed(value, inputs) if value is not None else _none("no_records", **inputs)


# -- surveys and published scores -------------------------------------------------------
def _survey_index(unit, year, params) -> Computed:
    from kinerja.survey.selectors import skm_result

    result = skm_result(unit, year, params.get("service_type"))
    if result is None or result.index is None:
        return _none("no_records")
    return Computed(result.index, result.provenance())


def _score(unit, year, params):
    from kinerja.sources.selectors import external_score

    return external_score(unit, year, params["score"])


def _score_inputs(score) -> dict:
    return {
        "score": _s(score.score),
        "grade": score.grade,
        "source": score.source,
        "components": [
            {
                "name": c.name,
                "value": _s(c.value),
                "weight": _s(c.weight_pct),
                "max": _s(c.max_value),
            }
            for c in score.components.all()
        ],
    }


def _graded(kind: str, value: Decimal, inputs: dict) -> Computed:
    """The value, with the grade the regulation gives it (IPP A–F, SAKIP AA–D)."""
    from kinerja.sources.calc import GRADERS

    if kind in GRADERS:
        grade, label = GRADERS[kind](value)
        inputs = {**inputs, "computed_grade": grade, "computed_grade_label": label}
    return Computed(value, inputs)


def _weighted_index(unit, year, params) -> Computed:
    score = _score(unit, year, params)
    if score is None or not score.components.all():
        return _none("no_records")
    parts = [(c.value, c.weight_pct) for c in score.components.all()]
    if any(w is None for _, w in parts):
        return _none("missing_weight", **_score_inputs(score))
    value = sum((v * w / _HUNDRED for v, w in parts), Decimal(0))
    return _graded(params["score"], value, _score_inputs(score))


def _sum_of_components(unit, year, params) -> Computed:
    score = _score(unit, year, params)
    if score is None or not score.components.all():
        return _none("no_records")
    value = sum((c.value for c in score.components.all()), Decimal(0))
    return _graded(params["score"], value, _score_inputs(score))


def _external_score(unit, year, params) -> Computed:
    score = _score(unit, year, params)
    if score is None or score.score is None:
        return _none("no_records")
    return Computed(score.score, _score_inputs(score))


def _lke_evaluation(unit, year, params) -> Computed:
    """The approved total of the unit's SAKIP evaluation (LKE) of the year, with every
    component, sub-component and criterion it came from (evaluation.calc)."""
    from kinerja.evaluation.selectors import final_evaluation, score_of

    evaluation = final_evaluation(unit, year)
    if evaluation is None:
        return _none("no_approved_evaluation")
    result = score_of(evaluation)
    inputs = {
        "template": evaluation.template.code,
        "source": f"{evaluation.template.name} ({evaluation.template.regulation})",
        "state": evaluation.state,
        "evaluator": evaluation.evaluator_name,
        "score": decimal_str(result.total, 2),  # as printed: 76.80
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "value": _s(c.score),
                "max": _s(c.weight),
                "sub_components": [
                    {
                        "code": s.code,
                        "kind": s.kind,
                        "max": _s(s.max),
                        "mean": _s(s.mean),
                        "value": _s(s.score),
                        "criteria": [[k.code, k.answer, _s(k.value)] for k in s.criteria],
                    }
                    for s in c.sub_components
                ],
            }
            for c in result.components
        ],
    }
    # As the regulation prints it: 2 decimals, half-up.
    return _graded("sakip", result.total_rounded, inputs)


_KINDS = ["kolaborasi", "konsultansi", "industri_4_0", "standardisasi"]
_SCORES = ["ip_asn", "sakip", "financial_report", "ipp", "smart_dja"]
_TYPES = {"type": "array", "items": {"type": "string"}}

METHODS = {
    m.name: m
    for m in [
        Method(
            "count",
            "number of facilitated companies, or of service orders",
            {
                "oneOf": [
                    object_schema(
                        {"records": {"const": "facilitations"}, "kind": {"enum": _KINDS}},
                        ["records", "kind"],
                    ),
                    object_schema(
                        {"records": {"const": "service_orders"}, "types": _TYPES}, ["records"]
                    ),
                ]
            },
            _count,
        ),
        Method(
            "growth",
            "(B − A) / A × 100 of orders or PNBP receipts, this year against last",
            object_schema(
                {
                    "records": {"enum": ["service_orders", "pnbp_receipts"]},
                    "types": _TYPES,
                    "categories": _TYPES,
                },
                ["records"],
            ),
            _growth,
        ),
        Method(
            "before_after_mean",
            "mean over facilitated companies of their before/after change",
            object_schema({"kind": {"enum": _KINDS}}, ["kind"]),
            _before_after_mean,
        ),
        Method(
            "ratio",
            "followed-up audit recommendations, or domestic procurement, in percent",
            object_schema(
                {"records": {"enum": ["audit_recommendations", "procurement_lines"]}}, ["records"]
            ),
            _ratio,
        ),
        Method(
            "survey_index",
            "SKM index of the year's satisfaction survey",
            object_schema({"service_type": {"type": ["string", "null"]}}, []),
            _survey_index,
        ),
        Method(
            "weighted_index",
            "Σ component × weight of a published score (IPP)",
            object_schema({"score": {"enum": _SCORES}}, ["score"]),
            _weighted_index,
        ),
        Method(
            "sum_of_components",
            "Σ components of a published score (SAKIP)",
            object_schema({"score": {"enum": _SCORES}}, ["score"]),
            _sum_of_components,
        ),
        Method(
            "external_score",
            "a score published by another body (IP ASN, financial report)",
            object_schema({"score": {"enum": _SCORES}}, ["score"]),
            _external_score,
        ),
        Method(
            "lke_evaluation",
            "the approved total of the unit's SAKIP evaluation (LKE) of the year",
            # score: the published scores of the peers to rank the unit against (LAKIN)
            object_schema({"template": {"type": "string"}, "score": {"enum": ["sakip"]}}, []),
            _lke_evaluation,
        ),
    ]
}


# An indicator computed from the unit's data elements (measurement.elements): its source
# is the formula. Evaluated per period with the indicator, so it has no entry in METHODS.
FORMULA_PARAMS = object_schema({"formula": {"type": "string", "minLength": 1}}, ["formula"])
PARAMS = {**{name: m.params for name, m in METHODS.items()}, "formula": FORMULA_PARAMS}


def compute(method: str, unit: Unit, year: int, params: dict) -> Computed:
    return METHODS[method].compute(unit, year, params or {})
