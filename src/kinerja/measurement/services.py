"""Changing measurement data: recomputing the realizations that follow from records."""

from django.db import transaction

from kinerja.core.models import MEASURE_PLACES
from kinerja.core.numbers import round_half_up
from kinerja.org.models import Unit
from kinerja.planning.choices import Method
from kinerja.planning.models import Agreement

from .choices import Period
from .methods import compute
from .models import Realization


@transaction.atomic
def refresh_computed(unit: Unit, years: list[int] | None = None) -> int:
    """Recompute every computed indicator of the unit's agreements (the year's value),
    storing the value with its provenance. Typed-in rows are never touched; a computed
    row whose records are gone is removed. Returns how many rows changed, so that a second
    run over unchanged records reports 0."""
    agreements = Agreement.objects.filter(unit=unit).select_related("plan_version")
    if years is not None:
        agreements = agreements.filter(year__in=years)
    changed = 0
    for agreement in agreements:
        indicators = agreement.plan_version.indicators.exclude(method=Method.MANUAL)
        for indicator in indicators:
            result = compute(indicator.method, unit, agreement.year, indicator.method_params)
            row = Realization.objects.filter(
                indicator=indicator, year=agreement.year, period=Period.YEAR
            ).first()
            if result.value is None:
                if row is not None and row.provenance is not None:
                    row.delete()
                    changed += 1
                continue
            # Stored at the column's precision, so an unchanged input compares equal next time.
            value = round_half_up(result.value, MEASURE_PLACES)
            provenance = {"method": indicator.method, "inputs": result.inputs}
            if row is None:
                Realization.objects.create(
                    indicator=indicator,
                    year=agreement.year,
                    period=Period.YEAR,
                    value=result.value,
                    provenance=provenance,
                )
                changed += 1
            elif row.value != value or row.provenance != provenance:
                row.value, row.provenance = value, provenance
                row.save(update_fields=["value", "provenance", "updated_at"])
                changed += 1
    return changed
