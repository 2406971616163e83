"""Reading budgets: a year's budget document (DIPA or DPA) with its checks, PNBP,
five-year history, the output indicators of its lines, and the efficiency of each
agreement indicator (seed Tabel 3.65–3.72)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from kinerja.measurement import calc as measurement_calc
from kinerja.measurement.selectors import MeasuresUnavailable, unit_measures, year_value
from kinerja.org.models import Unit

from . import calc
from .choices import BudgetKind, Dimension, PnbpCategory, Source
from .dataset import default_kind
from .models import BudgetYear, Line, LineIndicator, LineMonthSpending, LineOutput, PnbpYear
from .words import BudgetWords, budget_words


@dataclass(frozen=True)
class Amounts:
    ceiling: Decimal | None
    spending: Decimal | None
    initial_ceiling: Decimal | None = None
    kind: str = BudgetKind.APBN  # of the budget the amounts are of (its words)

    @property
    def absorption_pct(self) -> Decimal | None:
        return calc.pct(self.spending, self.ceiling)

    @property
    def words(self) -> BudgetWords:
        return budget_words(self.kind)


@dataclass(frozen=True)
class OutputRow:
    """An output indicator of a budget line with its year's realization and achievement
    (the rule of agreement indicators: measurement.calc.achievement)."""

    line_code: str
    line_name: str
    level: str
    name: str
    unit_label: str
    target: Decimal | None
    realization: Decimal | None
    achievement: measurement_calc.Achievement
    ceiling: Decimal | None
    spending: Decimal | None

    @property
    def absorption_pct(self) -> Decimal | None:
        return calc.pct(self.spending, self.ceiling)


@dataclass(frozen=True)
class BudgetOverview:
    unit: Unit
    year: int
    kind: str  # BudgetKind: a DIPA (APBN) or a DPA (APBD)
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
    source_names: dict[str, str] = field(default_factory=dict)  # defined by the dataset
    outputs: list[OutputRow] = field(default_factory=list)
    by_source_from_lines: bool = False  # by_source summed from the lines' sources

    @property
    def words(self) -> BudgetWords:
        return budget_words(self.kind)

    def source_label(self, code: str) -> str:
        """A source's name: the year's own definition, else the shipped one."""
        if code in self.source_names:
            return self.source_names[code]
        return str(Source(code).label) if code in Source.values else code

    def sources_in_order(self) -> list[tuple[str, Amounts]]:
        """``by_source`` with the shipped sources first, in their order, then the year's own."""
        order = {value: i for i, value in enumerate(Source.values)}
        return sorted(self.by_source.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))

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
        return Amounts(
            budget.line_ceiling, budget.line_spending, budget.initial_ceiling, budget.kind
        )
    return Amounts(budget.final_ceiling, budget.spending, budget.initial_ceiling, budget.kind)


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
        known = unit.budgets.order_by("year").values_list("year", "kind")
        document = budget_words(known[0][1] if known else default_kind(unit.kind)).document
        raise BudgetUnavailable(
            _("%(unit)s tidak mempunyai %(document)s tahun %(year)s; tahun yang ada: %(known)s")
            % {
                "unit": unit.code,
                "document": document,
                "year": year,
                "known": ", ".join(str(y) for y, _kind in known) or "-",
            }
        )
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


def _sources_from_lines(budget: BudgetYear) -> dict[str, Amounts]:
    """Ceiling and spending per source summed over the lowest lines that name one (a
    DPA gives the source per sub kegiatan); empty when no such line names a source."""
    rows = (
        Line.objects.filter(budget=budget, ceiling__isnull=False)
        .exclude(source="")
        .values("source")
        .annotate(c=Sum("ceiling"), s=Sum("spending"))
    )
    return {r["source"]: Amounts(r["c"], r["s"], None, budget.kind) for r in rows}


def line_outputs(budget: BudgetYear) -> list[OutputRow]:
    """The output indicators of the budget's lines, in the lines' order, each with its
    year's realization (the year row, else the quarters by its rule) and achievement."""
    outputs = (
        LineOutput.objects.filter(line__budget=budget)
        .select_related("line")
        .prefetch_related("realizations")
        .order_by("line__position", "position")
    )
    rows = []
    for o in outputs:
        realization, _ = year_value(list(o.realizations.all()), o.aggregation)
        target = None if o.target is None else measurement_calc.TargetValue(o.target)
        rows.append(
            OutputRow(
                line_code=o.line.code,
                line_name=o.line.name,
                level=o.line.level,
                name=o.name,
                unit_label=o.unit_label,
                target=o.target,
                realization=realization,
                achievement=measurement_calc.achievement(target, realization, o.polarity),
                ceiling=o.line.ceiling,
                spending=o.line.spending,
            )
        )
    return rows


def budget_overview(unit: Unit, year: int) -> BudgetOverview:
    budget = _budget(unit, year, with_totals=True)
    stated = Amounts(budget.final_ceiling, budget.spending, budget.initial_ceiling, budget.kind)
    breakdowns = {Dimension.SOURCE: {}, Dimension.TYPE: {}}
    for b in budget.breakdowns.all():
        breakdowns[b.dimension][b.key] = Amounts(
            b.final_ceiling, b.spending, b.initial_ceiling, budget.kind
        )
    from_lines = not breakdowns[Dimension.SOURCE]
    if from_lines:
        breakdowns[Dimension.SOURCE] = _sources_from_lines(budget)
    leaves = (
        Line.objects.filter(budget=budget, ceiling__isnull=False)
        .annotate(n_links=Count("links"))
        .values_list("code", "n_links", "unlinked_reason")
    )
    linked = LineIndicator.objects.filter(line__budget=budget).aggregate(c=Sum("line__ceiling"))
    return BudgetOverview(
        unit=unit,
        year=year,
        kind=budget.kind,
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
        source_names={s.code: s.name for s in budget.funding_sources.all()},
        outputs=line_outputs(budget),
        by_source_from_lines=from_lines and bool(breakdowns[Dimension.SOURCE]),
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


# ======================================================================================
# The budget pages
# ======================================================================================
@dataclass
class LineRow:
    """A line of the budget page: its depth in the hierarchy, its amounts (a parent's
    are its children's sums), its months, links and outputs."""

    line: Line
    depth: int
    leaf: bool
    ceiling: Decimal | None
    spending: Decimal | None
    months: dict[int, Decimal] = field(default_factory=dict)
    indicators: list[str] = field(default_factory=list)
    outputs: int = 0
    source_label: str = ""

    @property
    def absorption_pct(self) -> Decimal | None:
        return calc.pct(self.spending, self.ceiling)

    @property
    def month_list(self) -> list[Decimal | None]:
        return [self.months.get(m) for m in range(1, 13)]


@dataclass
class BudgetPage:
    unit: Unit
    year: int
    overview: BudgetOverview
    rows: list[LineRow]
    month_totals: list[Decimal | None]
    has_months: bool
    years: list[int]
    pnbp_rows: list[tuple[str, Decimal, Decimal | None]] = field(default_factory=list)

    @property
    def has_sources(self) -> bool:
        """Whether any line names its source of funds (a DPA does, a DIPA rarely)."""
        return any(r.line.source for r in self.rows)

    @property
    def words(self) -> BudgetWords:
        return self.overview.words


def budget_years(unit: Unit) -> list[int]:
    return list(unit.budgets.order_by("year").values_list("year", flat=True))


def line_rows(budget: BudgetYear) -> list[LineRow]:
    """Every line of the budget in its order, with depth and rolled-up amounts, in
    four queries whatever the number of lines."""
    lines = list(Line.objects.filter(budget=budget).order_by("position", "pk"))
    months: dict[int, dict[int, Decimal]] = {}
    for line_id, month, amount in LineMonthSpending.objects.filter(line__budget=budget).values_list(
        "line_id", "month", "amount"
    ):
        months.setdefault(line_id, {})[month] = amount
    codes: dict[int, list[str]] = {}
    for line_id, code in (
        LineIndicator.objects.filter(line__budget=budget)
        .order_by("indicator__code")
        .values_list("line_id", "indicator__code")
    ):
        codes.setdefault(line_id, []).append(code)
    outputs = dict(
        LineOutput.objects.filter(line__budget=budget)
        .values("line_id")
        .annotate(n=Count("pk"))
        .values_list("line_id", "n")
    )
    children: dict[int | None, list[Line]] = {}
    for line in lines:
        children.setdefault(line.parent_id, []).append(line)
    rows: dict[int, LineRow] = {}
    depth: dict[int, int] = {}
    for line in lines:  # parents come before their children (dataset rule)
        depth[line.pk] = depth.get(line.parent_id, -1) + 1 if line.parent_id else 0
        rows[line.pk] = LineRow(
            line=line,
            depth=depth[line.pk],
            leaf=line.pk not in children,
            ceiling=line.ceiling,
            spending=line.spending,
            months=months.get(line.pk, {}),
            indicators=codes.get(line.pk, []),
            outputs=outputs.get(line.pk, 0),
        )
    for line in reversed(lines):  # children after parents: sum upwards
        row = rows[line.pk]
        if not row.leaf:
            kids = [rows[c.pk] for c in children.get(line.pk, [])]
            row.ceiling = _sum(k.ceiling for k in kids)
            row.spending = _sum(k.spending for k in kids)
            merged: dict[int, Decimal] = {}
            for k in kids:
                for m, a in k.months.items():
                    merged[m] = merged.get(m, Decimal(0)) + a
            row.months = merged
    return [rows[line.pk] for line in lines]


def _sum(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def budget_page(unit: Unit, year: int) -> BudgetPage:
    """Everything the budget page of a unit-year shows. Raises BudgetUnavailable when
    the unit has no budget that year."""
    overview = budget_overview(unit, year)
    budget = BudgetYear.objects.get(unit=unit, year=year)
    rows = line_rows(budget)
    for row in rows:
        row.source_label = overview.source_label(row.line.source) if row.line.source else ""
    top = [r for r in rows if r.depth == 0]
    month_totals = [_sum(r.months.get(m) for r in top) for m in range(1, 13)]
    return BudgetPage(
        unit=unit,
        year=year,
        overview=overview,
        rows=rows,
        month_totals=month_totals,
        has_months=any(r.months for r in rows),
        years=budget_years(unit),
        pnbp_rows=_pnbp_rows(overview.pnbp),
    )


def _pnbp_rows(pnbp: PnbpOverview | None) -> list[tuple[str, Decimal, Decimal | None]]:
    if pnbp is None:
        return []
    labels = dict(PnbpCategory.choices)
    return [
        (labels.get(cat, cat), amount, pnbp.share_pct(cat))
        for cat, amount in sorted(pnbp.receipts.items(), key=lambda kv: -kv[1])
    ]


def line_of(unit: Unit, year: int, pk: int) -> Line | None:
    return (
        Line.objects.select_related("budget__unit", "parent")
        .filter(budget__unit=unit, budget__year=year, pk=pk)
        .first()
    )
