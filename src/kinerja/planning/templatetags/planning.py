"""Filters of the planning pages: measures and targets shown exactly as stored, the
Indonesian way (30 → "30", 3.6 → "3,6"; N/A for a target not set, – for no target)."""

from django import template

from kinerja.measurement import calc
from kinerja.planning.choices import TargetKind
from kinerja.reports.narratives import measure_text

register = template.Library()

EXACT_PLACES = 6  # a plan's figures are shown as entered, not rounded to 2 places


@register.filter
def measure(value):
    """A measure as stored, trailing zeros dropped; ``None`` → "–"."""
    if value is None or value == "":
        return "–"
    return measure_text(value, EXACT_PLACES)


@register.filter
def target(value: calc.TargetValue | None):
    """A target: "30", "20–25" (a range), "N/A" (not set), "–" (no target), "Meningkat"
    (a direction), "Tidak tercantum" (not stated in the source)."""
    if value is None:
        return "–"
    if value.kind:
        return TargetKind(value.kind).label
    if value.value is None:
        return "N/A"
    text = measure_text(value.value, EXACT_PLACES)
    if value.max_value is not None:
        text += f"–{measure_text(value.max_value, EXACT_PLACES)}"
    return text
