"""Filters of the planning pages: measures and targets shown exactly as stored, the
Indonesian way (30 → "30", 3.6 → "3,6"; N/A for a target not set, – for no target)."""

from django import template

from kinerja.core.numbers import format_measure_id, to_decimal
from kinerja.measurement import calc
from kinerja.planning.choices import TargetKind
from kinerja.reports.narratives import measure_text

register = template.Library()

EXACT_PLACES = 6  # a plan's figures are shown as entered, not rounded to 2 places


@register.filter
def measure(value, indicator=None):
    """A measure as stored, trailing zeros dropped; ``None`` → "–"; with the
    ``indicator`` as argument, the level of an indicator on a scale."""
    if value is None or value == "":
        return "–"
    if indicator is not None and getattr(indicator, "scale_id", None) is not None:
        return indicator.scale.definition.text(value)
    return measure_text(value, EXACT_PLACES)


@register.filter
def target(value: calc.TargetValue | None, indicator=None):
    """A target: "30", "20–25" (a range), "N/A" (not set), "–" (no target), "Meningkat"
    (a direction), "Tidak tercantum" (not stated in the source); with the ``indicator``
    as argument, the level of an indicator on a scale ("WTP")."""
    if value is None:
        return "–"
    if value.kind:
        return TargetKind(value.kind).label
    if value.value is None:
        return "N/A"
    if indicator is not None and getattr(indicator, "scale_id", None) is not None:
        return indicator.scale.definition.text(value.value)
    text = measure_text(value.value, EXACT_PLACES)
    if value.max_value is not None:
        text += f"–{measure_text(value.max_value, EXACT_PLACES)}"
    return text


@register.filter
def indicator_value(value, indicator):
    """A realization of ``indicator`` on an entry page: its level on a scale ("WTP"),
    else the number at its precision ("30,00", "3,625": ``format_measure_id``)."""
    if value is None or value == "":
        return "–"
    if getattr(indicator, "scale_id", None) is not None:
        return indicator.scale.definition.text(value)
    return format_measure_id(to_decimal(value))
