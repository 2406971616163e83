"""What the dashboards show, read into plain dataclasses.

Both selectors run a fixed number of queries whatever the number of indicators or units:
every table is read once for the whole page and joined in Python (the unit dashboard), or
aggregated by the database (the parent view, through measurement.consolidation).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum

from kinerja.budget.calc import pct
from kinerja.budget.models import PnbpYear
from kinerja.budget.selectors import Amounts, budget_amounts
from kinerja.measurement import calc as measure_calc
from kinerja.measurement.choices import QUARTERS, EntryStatus, WorkflowAction
from kinerja.measurement.consolidation import consolidated_measures
from kinerja.measurement.models import EntryWindow, QuarterEntry, Realization, WorkflowEvent
from kinerja.measurement.selectors import unit_measures, year_value
from kinerja.org.choices import REGIONAL_KINDS
from kinerja.org.models import Unit
from kinerja.planning.choices import TargetKind
from kinerja.planning.models import Agreement, QuarterProgress
from kinerja.planning.scales import ScaleDef
from kinerja.sources.choices import ScoreKind
from kinerja.sources.models import ExternalScore, ScoreComponent

from . import calc
from .calc import Ranked, Trend

# -- the unit dashboard -----------------------------------------------------------------


@dataclass(frozen=True)
class QuarterCell:
    """One indicator's quarter: the action plan's physical target and realization
    (% fisik, cumulative) and where the quarter's report stands."""

    quarter: int
    target_pct: Decimal | None
    realized_pct: Decimal | None
    entry_status: str | None  # measurement.choices.EntryStatus, None: no entry yet
    window_closed: bool  # the quarter's entry window is over
    late: bool  # window closed, entry still draft or returned
    missing: bool  # window closed, no entry at all
    approved_value: Decimal | None = None  # the figure the head approved (approved only)

    @property
    def behind(self) -> bool:
        """Physical progress below the action plan's target."""
        return (
            self.target_pct is not None
            and self.realized_pct is not None
            and self.realized_pct < self.target_pct
        )

    @property
    def needs_attention(self) -> bool:
        return self.late or self.missing or self.behind


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    objective_code: str
    unit_label: str
    polarity: str
    target: measure_calc.TargetValue
    realization: Decimal | None  # the year's row, else the quarters so far aggregated
    achievement: measure_calc.Achievement
    previous_realization: Decimal | None  # last year's, by the same rule
    trend: Trend
    quarters: list[QuarterCell]
    scale: ScaleDef | None = None  # levels: shown by their codes

    @property
    def shown_target(self) -> str | None:
        """The target when it is no plain number: a level, "Menurun", "Tidak tercantum"."""
        if self.target.kind:
            return str(TargetKind(self.target.kind).label)
        if self.scale is not None and self.target.value is not None:
            return self.scale.text(self.target.value)
        return None

    def _shown(self, value):
        return self.scale.text(value) if self.scale is not None and value is not None else None

    @property
    def shown_realization(self) -> str | None:
        return self._shown(self.realization)

    @property
    def shown_previous(self) -> str | None:
        return self._shown(self.previous_realization)

    @property
    def achieved(self) -> bool:
        return self.achievement.status == measure_calc.Status.ACHIEVED

    @property
    def change(self) -> Decimal | None:
        if self.realization is None or self.previous_realization is None:
            return None
        return self.realization - self.previous_realization

    @cached_property  # asked several times per row while rendering
    def needs_attention(self) -> bool:
        return not self.achieved or any(q.needs_attention for q in self.quarters)


@dataclass(frozen=True)
class QuarterSummary:
    """The mean physical target and realization over the indicators with an action plan."""

    quarter: int
    target_pct: Decimal | None
    realized_pct: Decimal | None
    late: int
    missing: int


@dataclass(frozen=True)
class PnbpSummary:
    target: Decimal | None
    receipts: Decimal | None

    @property
    def pct(self) -> Decimal | None:
        return pct(self.receipts, self.target)


@dataclass(frozen=True)
class UnitDashboard:
    unit: Unit
    year: int
    today: date
    agreement_version: int
    agreement_status: str
    indicators: list[IndicatorRow]
    quarters: list[QuarterSummary]
    budget: Amounts | None  # the DIPA's lines summed where recorded, else as stated
    pnbp: PnbpSummary | None
    years: list[int]  # years with a Perjanjian Kinerja, for the year switcher

    @property
    def total(self) -> int:
        return len(self.indicators)

    @property
    def shows_pnbp(self) -> bool:
        """PNBP is the non-tax revenue of a central unit (APBN): a regional government
        unit (APBD, whose own revenue is retribusi and PAD) shows it only if recorded."""
        return self.pnbp is not None or self.unit.kind not in REGIONAL_KINDS

    @property
    def achieved(self) -> int:
        return sum(1 for row in self.indicators if row.achieved)

    @property
    def not_computable(self) -> int:
        return sum(1 for row in self.indicators if not row.achievement.is_computable)

    @property
    def mean_achievement(self) -> Decimal | None:
        return measure_calc.mean_achievement(row.achievement for row in self.indicators)

    @property
    def late(self) -> int:
        return sum(q.late for row in self.indicators for q in row.quarters)

    @property
    def missing(self) -> int:
        return sum(q.missing for row in self.indicators for q in row.quarters)

    @cached_property
    def attention(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.needs_attention]


def agreement_years(unit: Unit) -> list[int]:
    return list(unit.agreements.order_by("year").values_list("year", flat=True))


def _in_agreement_version(unit: Unit, year: int, prefix: str) -> Q:
    """Rows of the indicators of the plan version this year's agreement points to: the
    indicators the agreement's items are (without reading the agreement first)."""
    return Q(
        **{
            f"{prefix}version__agreements__unit": unit,
            f"{prefix}version__agreements__year": year,
        }
    )


def _previous_values(unit: Unit, year: int, codes: list[str]) -> dict[str, Decimal | None]:
    """Last year's realization per code (year row, else quarters aggregated). A code may
    exist in several plan versions; this year's version is preferred, else the newest."""
    in_this_years_version = Agreement.objects.filter(
        unit=unit, year=year, plan_version=OuterRef("indicator__version")
    )
    rows = (
        Realization.objects.filter(
            year=year - 1, indicator__version__plan__unit=unit, indicator__code__in=codes
        )
        .annotate(
            code=F("indicator__code"),
            aggregation=F("indicator__aggregation"),
            current=Exists(in_this_years_version),
        )
        .order_by()
    )
    groups: dict[str, dict[tuple[bool, int], list[Realization]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in rows:
        groups[row.code][(row.current, row.indicator_id)].append(row)
    out: dict[str, Decimal | None] = {}
    for code, by_indicator in groups.items():
        chosen = by_indicator[max(by_indicator)]  # current first, then the highest id
        out[code] = year_value(chosen, chosen[0].aggregation)[0]
    return out


def _quarter_cells(unit: Unit, year: int, codes: list[str], today: date) -> dict:
    progress = {
        (code, quarter): (target, realized)
        for code, quarter, target, realized in QuarterProgress.objects.filter(
            _in_agreement_version(unit, year, "action_plan__indicator__"),
            action_plan__year=year,
            action_plan__indicator__code__in=codes,
        )
        .order_by()
        .values_list("action_plan__indicator__code", "quarter", "target_pct", "realized_pct")
    }
    # The figure of the last approval, read in the same query as the statuses.
    approval = WorkflowEvent.objects.filter(
        entry=OuterRef("pk"), action=WorkflowAction.APPROVE
    ).order_by("-pk")
    statuses = {}
    approved = {}
    for code, quarter, status, value in (
        QuarterEntry.objects.filter(
            _in_agreement_version(unit, year, "indicator__"),
            year=year,
            indicator__code__in=codes,
        )
        .annotate(approved_value=Subquery(approval.values("value")[:1]))
        .order_by()
        .values_list("indicator__code", "quarter", "status", "approved_value")
    ):
        statuses[(code, quarter)] = status
        if status == EntryStatus.APPROVED:
            approved[(code, quarter)] = value
    closed = {
        window.quarter: calc.window_closed(window.closes_on, window.reopened_until, today)
        for window in EntryWindow.objects.filter(unit=unit, year=year)
    }
    cells = {}
    for code in codes:
        row = []
        for quarter in range(1, len(QUARTERS) + 1):
            status = statuses.get((code, quarter))
            is_closed = closed.get(quarter, False)
            late, missing = calc.quarter_state(status, is_closed)
            target, realized = progress.get((code, quarter), (None, None))
            row.append(
                QuarterCell(
                    quarter,
                    target,
                    realized,
                    status,
                    is_closed,
                    late,
                    missing,
                    approved.get((code, quarter)),
                )
            )
        cells[code] = row
    return cells


def _quarter_summaries(rows: list[IndicatorRow]) -> list[QuarterSummary]:
    out = []
    for index in range(len(QUARTERS)):
        cells = [row.quarters[index] for row in rows]
        out.append(
            QuarterSummary(
                quarter=index + 1,
                target_pct=calc.mean([c.target_pct for c in cells]),
                realized_pct=calc.mean([c.realized_pct for c in cells]),
                late=sum(c.late for c in cells),
                missing=sum(c.missing for c in cells),
            )
        )
    return out


def _pnbp(unit: Unit, year: int) -> PnbpSummary | None:
    """The revenue target and the receipts' total (budget.selectors.PnbpOverview's
    receipts_total: None when no receipt is recorded) in one query."""
    found = (
        PnbpYear.objects.filter(unit=unit, year=year)
        .annotate(receipts_total=Sum("receipts__amount"))
        .values_list("revenue_target", "receipts_total")
        .first()
    )
    return PnbpSummary(target=found[0], receipts=found[1]) if found else None


def unit_dashboard(unit: Unit, year: int, today: date) -> UnitDashboard:
    """The unit's year at a glance. Raises measurement.selectors.MeasuresUnavailable
    (naming the years that exist) when the unit has no agreement for ``year``."""
    measures = unit_measures(unit, year, with_provenance=False)
    codes = [m.code for m in measures.indicators]
    previous = _previous_values(unit, year, codes)
    cells = _quarter_cells(unit, year, codes, today)
    rows = []
    for m in measures.indicators:
        before = previous.get(m.code)
        rows.append(
            IndicatorRow(
                code=m.code,
                name=m.name,
                objective_code=m.objective_code,
                unit_label=m.unit_label,
                polarity=m.polarity,
                target=m.target,
                realization=m.realization,
                achievement=m.achievement,
                previous_realization=before,
                trend=calc.trend(
                    m.realization, before, m.polarity, m.target.value, m.target.max_value
                ),
                quarters=cells[m.code],
                scale=m.scale,
            )
        )
    return UnitDashboard(
        unit=unit,
        year=year,
        today=today,
        agreement_version=measures.agreement_version,
        agreement_status=measures.agreement_status,
        indicators=rows,
        quarters=_quarter_summaries(rows),
        budget=budget_amounts([unit], year).get(unit.code),
        pnbp=_pnbp(unit, year),
        years=agreement_years(unit),
    )


# -- the parent view ------------------------------------------------------------------


@dataclass(frozen=True)
class ChildUnit:
    code: str
    name: str  # the full name: "Balai Standardisasi dan Pelayanan Jasa Industri Palembang"
    short_name: str  # its abbreviation, "BSPJI Palembang" ("" when it has none)
    indicators: int
    achieved: int
    not_computable: int
    mean_achievement_pct: Decimal | None
    absorption_pct: Decimal | None  # None: no DIPA recorded for the year


@dataclass(frozen=True)
class ScoreRow:
    unit_code: str
    unit_name: str  # full name
    short_name: str  # abbreviation ("" when none)
    score: Decimal | None
    grade: str
    components: list[tuple[str, Decimal, Decimal | None]]  # name, value, maximum
    has_dashboard: bool  # the unit has an agreement that year: link to it


@dataclass(frozen=True)
class ScoreRanking:
    kind: str
    label: str
    rows: list[Ranked[ScoreRow]]
    unit_count: int = 0  # units below the parent: the rows plus those without this score

    @property
    def missing(self) -> int:
        """Units below the parent without this score for the year (not published for
        them, or not recorded): they are not ranked, and the page says so."""
        return max(0, self.unit_count - len(self.rows))

    @property
    def mean(self) -> Decimal | None:
        return calc.mean([r.item.score for r in self.rows])


@dataclass(frozen=True)
class ParentOverview:
    parent: Unit
    year: int
    units: list[Ranked[ChildUnit]]  # by mean achievement, highest first
    scores: list[ScoreRanking]  # one per kind of external score published that year
    years: list[int]  # years with an agreement or a score below the parent
    unit_count: int = 0  # every unit below the parent, at any depth
    without_agreement: list[str] = field(default_factory=list)  # their names, not ranked


def _score_rankings(
    units, year: int, with_dashboard: set[str], unit_count: int
) -> list[ScoreRanking]:
    # Plain values rather than model instances: a ministry's ranking has hundreds of rows.
    scores = (
        ExternalScore.objects.filter(unit__in=units, year=year)
        .order_by("kind", "unit__code")
        .values("pk", "kind", "score", "grade", "unit__code", "unit__short_name", "unit__name")
    )
    components = defaultdict(list)
    for score_id, name, value, max_value in (
        ScoreComponent.objects.filter(score__unit__in=units, score__year=year)
        .order_by("score_id", "position", "pk")
        .values_list("score_id", "name", "value", "max_value")
    ):
        components[score_id].append((name, value, max_value))
    by_kind: dict[str, list[ScoreRow]] = defaultdict(list)
    for score in scores:
        code = score["unit__code"]
        by_kind[score["kind"]].append(
            ScoreRow(
                unit_code=code,
                unit_name=score["unit__name"],
                short_name=_abbreviation(score["unit__name"], score["unit__short_name"]),
                score=score["score"],
                grade=score["grade"],
                components=components.get(score["pk"], []),
                has_dashboard=code in with_dashboard,
            )
        )
    return [
        ScoreRanking(
            kind.value,
            str(kind.label),
            calc.rank(by_kind[kind], lambda r: r.score),
            unit_count=unit_count,
        )
        for kind in ScoreKind
        if kind.value in by_kind
    ]


def parent_overview(parent: Unit, year: int) -> ParentOverview:
    """Every unit below ``parent`` (any depth) side by side for ``year``: achievement from
    the database (measurement.consolidation), budget absorption, and the rankings of the
    external scores published about them."""
    units = Unit.objects.descendants_of(parent)
    names = {
        code: (name, short) for code, name, short in units.values_list("code", "name", "short_name")
    }
    summaries = consolidated_measures(parent, year)
    budgets = budget_amounts(units, year)
    children = [
        ChildUnit(
            code=s.unit_code,
            name=names.get(s.unit_code, (s.unit_name, ""))[0],
            short_name=_abbreviation(*names.get(s.unit_code, (s.unit_name, ""))),
            indicators=s.indicators,
            achieved=s.achieved,
            not_computable=s.not_computable,
            mean_achievement_pct=s.mean_achievement_pct,
            absorption_pct=budgets[s.unit_code].absorption_pct if s.unit_code in budgets else None,
        )
        for s in summaries
    ]
    with_agreement = {c.code for c in children}
    years = set(Agreement.objects.filter(unit__in=units).values_list("year", flat=True))
    years |= set(ExternalScore.objects.filter(unit__in=units).values_list("year", flat=True))
    return ParentOverview(
        parent=parent,
        year=year,
        units=calc.rank(children, lambda c: c.mean_achievement_pct),
        scores=_score_rankings(units, year, with_agreement, len(names)),
        years=sorted(years),
        unit_count=len(names),
        without_agreement=sorted(
            short or name for code, (name, short) in names.items() if code not in with_agreement
        ),
    )


def _abbreviation(name: str, short_name: str) -> str:
    """The abbreviation to show beside a full name, when it says something else."""
    return short_name if short_name and short_name != name else ""
