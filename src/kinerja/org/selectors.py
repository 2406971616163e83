from datetime import date

from django.db.models import Max

from .models import Unit


def latest_year(unit: Unit) -> int:
    """The unit's most recent Perjanjian Kinerja year; this year when it has none."""
    year = unit.agreements.aggregate(latest=Max("year"))["latest"]
    return year or date.today().year


def latest_year_below(unit: Unit) -> int:
    """The most recent Perjanjian Kinerja year of any unit below ``unit``; this year when
    none has one."""
    year = Unit.objects.descendants_of(unit).aggregate(latest=Max("agreements__year"))["latest"]
    return year or date.today().year


def home_units(user):
    """The units ``user`` works in or reviews, with their latest agreement year."""
    return (
        Unit.objects.for_user(user)
        .annotate(latest=Max("agreements__year"))
        .select_related("parent")
        .order_by("kind", "code")
    )
