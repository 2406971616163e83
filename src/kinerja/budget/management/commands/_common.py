"""Shared bits of the budget commands: unit/year lookup with helpful errors."""

from django.core.management.base import CommandError

from kinerja.measurement.selectors import MeasuresUnavailable, get_unit


def unit_or_error(code: str):
    try:
        return get_unit(code)
    except MeasuresUnavailable as exc:
        raise CommandError(str(exc)) from None
