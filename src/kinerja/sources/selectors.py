"""Reading operational records in the shapes the indicator methods need. Counting and
summing happen in the database."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from kinerja.org.models import Unit

from .choices import FollowUpStatus
from .models import (
    AuditRecommendation,
    ExternalScore,
    Facilitation,
    ProcurementLine,
    ServiceCount,
    ServiceOrder,
)


def service_volume(unit: Unit, year: int, types: list[str] | None = None) -> dict[str, int]:
    """Orders per service type in a year: individual orders plus recorded yearly totals."""
    orders = ServiceOrder.objects.filter(unit=unit, ordered_on__year=year)
    counts = ServiceCount.objects.filter(unit=unit, year=year)
    if types:
        orders, counts = (
            orders.filter(service_type__in=types),
            counts.filter(service_type__in=types),
        )
    volume: dict[str, int] = {}
    for row in orders.values("service_type").annotate(n=Count("pk")).order_by():
        volume[row["service_type"]] = volume.get(row["service_type"], 0) + row["n"]
    for service_type, n in counts.values_list("service_type", "count"):
        volume[service_type] = volume.get(service_type, 0) + n
    return dict(sorted(volume.items()))


def facilitations(unit: Unit, year: int, kind: str):
    return (
        Facilitation.objects.filter(unit=unit, year=year, kind=kind)
        .prefetch_related("measures")
        .order_by("code")
    )


def audit_follow_up(unit: Unit, year: int) -> dict:
    rows = AuditRecommendation.objects.filter(unit=unit, year=year)
    by_kind = {
        row["kind"]: {"total": row["total"], "done": row["done"]}
        for row in rows.values("kind")
        .order_by()
        .annotate(total=Count("pk"), done=Count("pk", filter=_done()))
    }
    return {
        "total": sum(v["total"] for v in by_kind.values()),
        "done": sum(v["done"] for v in by_kind.values()),
        "by_kind": by_kind,
    }


def _done():
    return Q(status=FollowUpStatus.DONE)


def procurement(unit: Unit, year: int) -> dict:
    lines = ProcurementLine.objects.filter(unit=unit, year=year)
    totals = lines.aggregate(ceiling=Sum("ceiling"), domestic=Sum("spending", filter=_domestic()))
    return {
        "ceiling": totals["ceiling"],
        "domestic_spending": totals["domestic"] or Decimal(0),
        "accounts": list(lines.values_list("account", "domestic", "ceiling", "spending")),
    }


def _domestic():
    return Q(domestic=True)


def external_score(unit: Unit, year: int, kind: str) -> ExternalScore | None:
    return (
        ExternalScore.objects.filter(unit=unit, year=year, kind=kind)
        .prefetch_related("components")
        .first()
    )
