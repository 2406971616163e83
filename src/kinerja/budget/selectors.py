"""Reading budgets: a year's DIPA with its checks, PNBP, five-year history, and the
efficiency of each agreement indicator (seed Tabel 3.65–3.72)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from kinerja.measurement.selectors import MeasuresUnavailable, unit_measures
from kinerja.org.models import Unit

from . import calc
from .choices import Dimension
from .models import BudgetYear, Line, LineIndicator, PnbpYear


@dataclass(frozen=True)
class Amounts:
    ceiling: Decimal | None
    spending: Decimal | None
    initial_ceiling: Decimal | None = None

    @property
    def absorption_pct(self) -> Decimal | None:
        return calc.pct(self.spending, self.ceiling)


@dataclass(frozen=True)
class BudgetOverview:
    unit: Unit
    year: int
    totals: Amounts  # from the lines when there are lines, else as stated on the DIPA
    stated: Amounts  # as stated on the DIPA
    by_source: dict[str, Amounts]
    by_type: dict[str, Amounts]
    revisions: list
    line_count: int
    unlinked: list[str]  # lowest lines linked to no indicator (with or without a reason)
    unlinked_without_reason: list[str]
    linked_twice: list[str]
    linked_ceiling: Decimal
    pnbp: "PnbpOverview | None"
    history: list[tuple[int, Amounts]] = field(default_factory=list)

    @property
    def linked_ceiling_matches_total(self) -> bool:
        return self.totals.ceiling is not None and self.linked_ceiling == self.totals.ceiling


@dataclass(frozen=True)
class PnbpOverview:
    year: int
    revenue_target: Decimal | None
    receipts: dict[str, Decimal]
    permitted_use_pct: Decimal | None
    use_ceiling: Decimal | None
    use_spending: Decimal | None

    @property
    def receipts_total(self) -> Decimal | None:
        return sum(self.receipts.values(), Decimal(0)) if self.receipts else None

    @property
    def receipts_pct_of_target(self) -> Decimal | None:
        return calc.pct(self.receipts_total, self.revenue_target)

    @property
    def permitted_use_of_target(self) -> Decimal | None:
        return calc.permitted_use(self.revenue_target, self.permitted_use_pct)

    @property
    def use_pct(self) -> Decimal | None:
        return calc.pct(self.use_spending, self.use_ceiling)

    def share_pct(self, category: str) -> Decimal | None:
        return calc.pct(self.receipts.get(category), self.receipts_total)


class BudgetUnavailable(LookupError):
    pass


def _with_line_sums(budgets: QuerySet[BudgetYear]) -> QuerySet[BudgetYear]:
    """The budgets with the sums of their lowest lines (those with a ceiling) added."""
    with_ceiling = Q(lines__ceiling__isnull=False)
    return budgets.annotate(
        line_ceiling=Sum("lines__ceiling", filter=with_ceiling),
        line_spending=Sum("lines__spending", filter=with_ceiling),
    )


def _totals(budget: BudgetYear) -> Amounts:
    """The rule for a year's amounts, for a budget read through ``_with_line_sums``: the
    sums of its lowest lines when lines with a ceiling are recorded, else the figures
    stated on the DIPA. The initial ceiling is always the DIPA's (lines have none)."""
    if budget.line_ceiling is not None:
        return Amounts(budget.line_ceiling, budget.line_spending, budget.initial_ceiling)
    return Amounts(budget.final_ceiling, budget.spending, budget.initial_ceiling)


def budget_amounts(units, year: int) -> dict[str, Amounts]:
    """Ceiling and spending of the DIPA of each of ``units`` (a queryset or a list of
    units or ids) for ``year``, in one query, keyed by unit code; a unit without a DIPA
    that year is absent. The amounts are ``budget_overview``'s totals, for pages that show
    many units or only the totals (the dashboards): budget_overview itself also reads
    revisions, breakdowns, links and five years of history."""
    budgets = _with_line_sums(BudgetYear.objects.filter(unit__in=units, year=year))
    return {b.unit_code: _totals(b) for b in budgets.annotate(unit_code=F("unit__code"))}


def _budget(unit: Unit, year: int, with_totals: bool = False) -> BudgetYear:
    budgets = BudgetYear.objects.filter(unit=unit, year=year)
    budget = (_with_line_sums(budgets) if with_totals else budgets).first()
    if budget is None:
        years = ", ".join(map(str, unit.budgets.values_list("year", flat=True))) or "none"
        raise BudgetUnavailable(f"{unit.code} has no DIPA for {year}; years with one: {years}")
    return budget


def pnbp_overview(unit: Unit, year: int) -> PnbpOverview | None:
    pnbp = PnbpYear.objects.filter(unit=unit, year=year).prefetch_related("receipts").first()
    if pnbp is None:
        return None
    return PnbpOverview(
        year=year,
        revenue_target=pnbp.revenue_target,
        receipts={r.category: r.amount for r in pnbp.receipts.all()},
        permitted_use_pct=pnbp.permitted_use_pct,
        use_ceiling=pnbp.use_ceiling,
        use_spending=pnbp.use_spending,
    )


def history(unit: Unit, last_year: int, years: int = 5) -> list[tuple[int, Amounts]]:
    """Ceiling and spending per year (seed Tabel 3.67), lines' sums where recorded."""
    budgets = BudgetYear.objects.filter(unit=unit, year__gt=last_year - years, year__lte=last_year)
    return [(b.year, _totals(b)) for b in _with_line_sums(budgets).order_by("year")]


def budget_overview(unit: Unit, year: int) -> BudgetOverview:
    budget = _budget(unit, year, with_totals=True)
    stated = Amounts(budget.final_ceiling, budget.spending, budget.initial_ceiling)
    breakdowns = {Dimension.SOURCE: {}, Dimension.TYPE: {}}
    for b in budget.breakdowns.all():
        breakdowns[b.dimension][b.key] = Amounts(b.final_ceiling, b.spending, b.initial_ceiling)
    leaves = (
        Line.objects.filter(budget=budget, ceiling__isnull=False)
        .annotate(n_links=Count("links"))
        .values_list("code", "n_links", "unlinked_reason")
    )
    linked = LineIndicator.objects.filter(line__budget=budget).aggregate(c=Sum("line__ceiling"))
    return BudgetOverview(
        unit=unit,
        year=year,
        totals=_totals(budget),
        stated=stated,
        by_source=breakdowns[Dimension.SOURCE],
        by_type=breakdowns[Dimension.TYPE],
        revisions=list(budget.revisions.all()),
        line_count=budget.lines.count(),
        unlinked=[code for code, n, _ in leaves if n == 0],
        unlinked_without_reason=[code for code, n, reason in leaves if n == 0 and not reason],
        linked_twice=[code for code, n, _ in leaves if n > 1],
        linked_ceiling=linked["c"] or Decimal(0),
        pnbp=pnbp_overview(unit, year),
        history=history(unit, year),
    )


@dataclass(frozen=True)
class EfficiencyRow:
    indicator_code: str
    indicator_name: str
    ceiling: Decimal
    spending: Decimal
    target: Decimal | None
    realization: Decimal | None
    achievement_pct: Decimal | None
    result: calc.Efficiency

    @property
    def absorption_pct(self) -> Decimal | None:
        return calc.pct(self.spending, self.ceiling)


def efficiency_rows(unit: Unit, year: int, measures=None) -> list[EfficiencyRow]:
    """Per agreement indicator: the ceiling and spending of the lines linked to it
    (Tabel 3.65), its target and realization (measures), and IBT / IBR (Tabel 3.72).
    A caller that already holds the year's ``unit_measures`` passes them, so the computed
    indicators are not computed again."""
    budget = _budget(unit, year)
    if measures is None:
        try:
            measures = unit_measures(unit, year)
        except MeasuresUnavailable as exc:
            raise BudgetUnavailable(str(exc)) from None
    sums = {
        row["indicator__code"]: row
        for row in LineIndicator.objects.filter(line__budget=budget)
        .values("indicator__code")
        .annotate(c=Sum("line__ceiling"), s=Sum("line__spending"))
    }
    rows = []
    for m in measures.indicators:
        money = sums.get(m.code, {})
        ceiling, spending = money.get("c") or Decimal(0), money.get("s") or Decimal(0)
        # A level of a scale (a BPK opinion) is no quantity: there is no cost per unit.
        target, realization = (m.target.value, m.realization) if m.scale is None else (None, None)
        rows.append(
            EfficiencyRow(
                indicator_code=m.code,
                indicator_name=m.name,
                ceiling=ceiling,
                spending=spending,
                target=target,
                realization=realization,
                achievement_pct=m.achievement.pct,
                result=calc.efficiency(ceiling, spending, target, realization, m.achievement.pct),
            )
        )
    return rows
