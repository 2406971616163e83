"""Changing measurement data: recomputing the realizations that follow from records."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kinerja.core.models import MEASURE_PLACES
from kinerja.core.numbers import round_half_up
from kinerja.org.access import Action, require
from kinerja.org.models import Unit
from kinerja.planning.choices import Method
from kinerja.planning.models import Agreement, Indicator

from .choices import PERIODS_OF_YEAR, Period
from .methods import Computed, compute
from .models import Realization


@transaction.atomic
def refresh_computed(unit: Unit, years: list[int] | None = None) -> int:
    """Recompute every computed indicator of the unit's agreements (the year's value; for
    an indicator computed by a formula from data elements, each quarter's too), storing
    the value with its provenance. Typed-in rows are never touched; a computed row whose
    records are gone is removed. Returns how many rows changed, so that a second run over
    unchanged records reports 0."""
    from .elements import Values
    from .summaries import raised_once

    with raised_once():  # the parent view's summaries: raised once, at the end
        return _refresh(unit, years, Values)


def _refresh(unit: Unit, years: list[int] | None, Values) -> int:
    agreements = Agreement.objects.filter(unit=unit).select_related("plan_version")
    if years is not None:
        agreements = agreements.filter(year__in=years)
    changed = 0
    values = None
    for agreement in agreements:
        indicators = agreement.plan_version.indicators.exclude(method=Method.MANUAL)
        for indicator in indicators:
            if indicator.method == Method.FORMULA:
                values = values or Values(unit)
                stored = {
                    r.period: r
                    for r in Realization.objects.filter(indicator=indicator, year=agreement.year)
                }
                for period in PERIODS_OF_YEAR:
                    result = values.evaluate(indicator, agreement.year, period)
                    row = stored.get(period)
                    changed += _store(indicator, agreement.year, period, result, row)
                continue
            result = compute(indicator.method, unit, agreement.year, indicator.method_params)
            changed += _store(indicator, agreement.year, Period.YEAR, result)
    return changed


_READ = object()


def _store(indicator: Indicator, year: int, period: str, result: Computed, row=_READ) -> int:
    """Write one computed value with its provenance (``row``: the stored row when the
    caller has read it, None when there is none); 1 when a row changed."""
    if row is _READ:
        row = Realization.objects.filter(indicator=indicator, year=year, period=period).first()
    if result.value is None:
        if row is not None and row.provenance is not None:
            row.delete()
            return 1
        return 0
    # Stored at the column's precision, so an unchanged input compares equal next time.
    value = round_half_up(result.value, MEASURE_PLACES)
    provenance = {"method": indicator.method, "inputs": result.inputs}
    if row is None:
        Realization.objects.create(
            indicator=indicator, year=year, period=period, value=value, provenance=provenance
        )
        return 1
    if row.value != value or row.provenance != provenance:
        row.value, row.provenance = value, provenance
        row.save(update_fields=["value", "provenance", "updated_at"])
        return 1
    return 0


def set_formula(indicator: Indicator, text: str, *, user) -> Indicator:
    """Make ``indicator`` computed by ``text`` from the unit's data elements
    (docs/formulas.md) and compute it. A formula that does not parse, names an unknown
    element or indicator, or refers to itself through other indicators is refused
    (ValidationError on ``formula``, with the place and the reason) and nothing changes."""
    from .elements import indicator_formula_problems

    unit = indicator.version.plan.unit
    require(user, Action.PLAN, unit)
    text = (text or "").strip()
    problems = indicator_formula_problems(indicator, text)
    if problems:
        raise ValidationError({"formula": problems})
    with transaction.atomic():
        indicator.method = Method.FORMULA
        indicator.method_params = {"formula": text}
        indicator.save(update_fields=["method", "method_params"])
        refresh_computed(unit)
    return indicator
