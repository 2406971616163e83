"""Reading measures: a unit's year (through calc.py, exact) and a whole parent's year
(in the database, for hundreds of units at once)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kinerja.org.models import Unit
from kinerja.planning.choices import Method
from kinerja.planning.models import Agreement
from kinerja.planning.scales import ScaleDef

from . import calc
from .choices import QUARTERS, SEMESTERS, Period
from .methods import compute
from .models import Realization


class MeasuresUnavailable(LookupError):
    """The unit or year asked for has no measures; the message names what exists."""


@dataclass(frozen=True)
class IndicatorMeasure:
    code: str
    objective_code: str
    objective_name: str
    name: str
    unit_label: str
    polarity: str
    method: str
    target: calc.TargetValue
    realization: Decimal | None
    as_reported: Decimal | None
    achievement: calc.Achievement
    provenance: dict | None  # where the realization comes from; None when not asked for
    previous: Decimal | None = None  # last year's, read for a direction-only target only
    scale: ScaleDef | None = None  # levels instead of numbers (target, realization: scores)

    def shown(self, value) -> Decimal | str | None:
        """A value of this indicator as a table cell: the number, or the level's code."""
        return value if self.scale is None or value is None else self.scale.text(value)


@dataclass(frozen=True)
class UnitMeasures:
    unit: Unit
    year: int
    agreement_version: int
    agreement_status: str
    indicators: list[IndicatorMeasure]

    @property
    def mean_achievement(self) -> Decimal | None:
        return calc.mean_achievement(m.achievement for m in self.indicators)

    def count(self, status: calc.Status) -> int:
        return sum(1 for m in self.indicators if m.achievement.status == status)


def no_agreement_message(unit: Unit, year: int) -> str:
    """The message for a unit-year without a Perjanjian Kinerja, naming the years with one."""
    years = list(unit.agreements.order_by("year").values_list("year", flat=True))
    return _(
        "%(unit)s tidak mempunyai Perjanjian Kinerja tahun %(year)s; tahun yang ada: %(known)s"
    ) % {"unit": unit.code, "year": year, "known": ", ".join(map(str, years)) or "-"}


def get_unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        with_plans = Unit.objects.filter(agreements__isnull=False).distinct()
        known = ", ".join(u.code for u in with_plans) or "-"
        raise MeasuresUnavailable(
            _('unit "%(code)s" tidak dikenal; unit yang mempunyai perjanjian kinerja: %(known)s')
            % {"code": code, "known": known}
        )
    return unit


def year_value(rows: list[Realization], aggregation: str) -> tuple[Decimal | None, Decimal | None]:
    """The year's value and its as-reported figure: the ``year`` row when there is one,
    otherwise the quarters aggregated by the indicator's rule, otherwise the semesters
    (an indicator reported per semester) aggregated by the same rule."""
    by_period = {row.period: row for row in rows}
    if Period.YEAR in by_period:
        row = by_period[Period.YEAR]
        return row.value, row.as_reported
    for periods in (QUARTERS, SEMESTERS):
        values = [by_period[p].value if p in by_period else None for p in periods]
        if any(v is not None for v in values):
            return calc.aggregate(values, aggregation), None
    return None, None


def previous_year_values(indicators, year: int) -> dict[int, Decimal | None]:
    """Last year's realization of each indicator (by pk), for direction-only targets
    ("meningkat", "menurun"; docs/measurement-rules.md, rule 4).

    A Renstra revision makes new indicator rows with the same codes, so last year's value
    may be recorded on another version of the plan: the indicator itself when it has
    realizations that year, else the highest plan version that has, by code. The value is
    the year row or the quarters aggregated by the indicator's rule (``year_value``).
    ``consolidation._previous_value`` is the same rule in SQL."""
    indicators = list(indicators)
    if not indicators:
        return {}
    rows = Realization.objects.filter(
        indicator__version__plan_id__in={i.version.plan_id for i in indicators},
        indicator__code__in={i.code for i in indicators},
        year=year - 1,
    ).select_related("indicator__version")
    by_key: dict[tuple[int, str], dict[int, list[Realization]]] = defaultdict(
        lambda: defaultdict(list)
    )
    numbers: dict[int, int] = {}
    for row in rows:
        key = (row.indicator.version.plan_id, row.indicator.code)
        by_key[key][row.indicator_id].append(row)
        numbers[row.indicator_id] = row.indicator.version.number
    out: dict[int, Decimal | None] = {}
    for indicator in indicators:
        candidates = by_key.get((indicator.version.plan_id, indicator.code), {})
        if not candidates:
            out[indicator.pk] = None
            continue
        chosen = (
            indicator.pk
            if indicator.pk in candidates
            else max(candidates, key=lambda pk: numbers[pk])
        )
        out[indicator.pk] = year_value(candidates[chosen], indicator.aggregation)[0]
    return out


def provenance(indicator, year: int, rows: list[Realization]) -> dict:
    """How the realization was obtained. A computed row carries its inputs; a computed
    indicator without a row says why its records give no value."""
    year_row = next((r for r in rows if r.period == Period.YEAR), None)
    if year_row is not None and year_row.provenance:
        return year_row.provenance
    if indicator.method == Method.MANUAL:
        out = {"method": Method.MANUAL.value}
        if year_row is not None:
            out.update(
                {k: v for k, v in (("evidence", year_row.evidence), ("note", year_row.note)) if v}
            )
        elif rows:
            out["quarters"] = sorted(r.period for r in rows)
        return out
    if indicator.method == Method.FORMULA:
        from .elements import evaluate_indicator

        result = evaluate_indicator(indicator, year, Period.YEAR)
    else:
        unit = indicator.version.plan.unit
        result = compute(indicator.method, unit, year, indicator.method_params)
    return {"method": indicator.method, "inputs": result.inputs, "reason": result.reason}


def unit_measures(unit: Unit, year: int, *, with_provenance: bool = True) -> UnitMeasures:
    """Every indicator of the unit's Perjanjian Kinerja for ``year``, with achievement.

    ``with_provenance=False`` leaves ``provenance`` empty (None): for a computed indicator
    without a stored row it re-runs the method, a few queries per indicator, which a page
    that shows only the figures (the dashboard) must not pay."""
    agreement = (
        Agreement.objects.filter(unit=unit, year=year).select_related("plan_version__plan").first()
    )
    if agreement is None:
        raise MeasuresUnavailable(no_agreement_message(unit, year))
    version = agreement.version_in_force()
    plan = agreement.plan_version.plan
    items = list(
        version.items.select_related(
            "indicator__objective",
            "indicator__goal",
            "indicator__version__plan__unit",
            "indicator__scale",
        ).order_by("position")
    )
    rows_by_indicator: dict[int, list[Realization]] = defaultdict(list)
    for row in Realization.objects.filter(indicator__in=[i.indicator for i in items], year=year):
        rows_by_indicator[row.indicator_id].append(row)
    previous = previous_year_values(
        [item.indicator for item in items if item.target_value.is_direction], year
    )

    measures = []
    for item in items:
        indicator = item.indicator
        rows = rows_by_indicator[indicator.pk]
        value, as_reported = year_value(rows, indicator.aggregation)
        target = item.target_value
        owner = indicator.objective or indicator.goal
        scale = indicator.scale.definition if indicator.scale_id is not None else None
        measures.append(
            IndicatorMeasure(
                code=indicator.code,
                objective_code=owner.code,
                objective_name=owner.name,
                name=indicator.name,
                unit_label=indicator.unit_label,
                polarity=indicator.polarity,
                method=indicator.method,
                target=target,
                realization=value,
                as_reported=as_reported,
                achievement=calc.achievement(
                    target,
                    value,
                    indicator.polarity,
                    cap=plan.achievement_cap,
                    lower_formula=plan.lower_is_better_formula,
                    previous=previous.get(indicator.pk),
                    on_scale=scale is not None,
                ),
                provenance=provenance(indicator, year, rows) if with_provenance else None,
                previous=previous.get(indicator.pk),
                scale=scale,
            )
        )
    return UnitMeasures(
        unit=unit,
        year=year,
        agreement_version=version.number,
        agreement_status=version.status,
        indicators=measures,
    )
