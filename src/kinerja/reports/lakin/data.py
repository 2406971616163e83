"""Everything the LAKIN needs, read once by ``load``: the selectors and a few prefetching
querysets — a fixed number of queries whatever the number of indicators, plus one
``unit_measures`` per peer unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from kinerja.budget.selectors import (
    BudgetOverview,
    EfficiencyRow,
    PnbpOverview,
    budget_overview,
    efficiency_rows,
    pnbp_overview,
)
from kinerja.measurement import calc
from kinerja.measurement.choices import Period
from kinerja.measurement.models import Realization
from kinerja.measurement.selectors import (
    IndicatorMeasure,
    MeasuresUnavailable,
    UnitMeasures,
    unit_measures,
    year_value,
)
from kinerja.org.models import Unit, UnitImage, UnitProfile
from kinerja.org.vocabulary import Vocabulary
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import (
    ActionPlan,
    Agreement,
    AgreementIndicator,
    AgreementVersion,
    Goal,
    Indicator,
    Objective,
    PlanVersion,
)
from kinerja.sources.choices import ScoreKind
from kinerja.sources.models import ExternalScore, Facilitation

from ..narratives import StoredNarratives, stored_narratives
from .common import SCORED_METHODS, optional, target_value

HISTORY_YEARS = 5  # realizations compared with the four years before (seed Tabel 3.6 …)


@dataclass(frozen=True)
class HistoryPoint:
    """One year of one indicator: its realization and the targets known for that year."""

    year: int
    value: Decimal | None
    agreement_target: calc.TargetValue | None  # the Perjanjian Kinerja of that year
    plan_target: calc.TargetValue | None  # the Renstra (version of this report's agreement)
    reference_target: calc.TargetValue | None  # typed with a realization outside the plan

    @property
    def target(self) -> calc.TargetValue | None:
        return self.agreement_target or self.plan_target or self.reference_target


@dataclass
class LakinData:
    unit: Unit
    year: int
    measures: UnitMeasures
    agreement: Agreement
    version: AgreementVersion  # in force
    plan_version: PlanVersion
    items: list[AgreementIndicator]
    indicators: dict[str, Indicator]  # agreement indicators by code
    goals: list[Goal]
    objectives: list[Objective]
    plan_indicators: list[Indicator]
    history: dict[str, dict[int, HistoryPoint]]
    action_plans: dict[str, ActionPlan]
    budget: BudgetOverview | None
    efficiency: list[EfficiencyRow]
    pnbp: dict[int, PnbpOverview]
    stored: StoredNarratives
    peers: list[UnitMeasures]
    scores: dict[str, list[ExternalScore]]  # this year's published scores by kind
    facilitations: dict[tuple[str, str], Facilitation]
    profile: UnitProfile | None = None  # BAB I; None when the unit recorded none this year
    images: list[UnitImage] = field(default_factory=list)  # attached, placed by chapter
    measure_by_code: dict[str, IndicatorMeasure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.measure_by_code = {m.code: m for m in self.measures.indicators}

    @property
    def plan(self):
        return self.plan_version.plan

    @property
    def words(self) -> Vocabulary:
        """What the unit's documents call things (report, budget document, head)."""
        return self.unit.words

    @property
    def short_name(self) -> str:
        return self.unit.short_name or self.unit.name

    @property
    def history_years(self) -> range:
        return range(self.year - HISTORY_YEARS + 1, self.year + 1)

    def achievement(
        self, target: calc.TargetValue | None, value, polarity, previous=None, scale=None
    ) -> calc.Achievement:
        """``calc.achievement`` under the plan's rules; ``previous`` is the realization of
        the year before, for a direction-only target; ``scale`` that of an indicator on
        levels."""
        return calc.achievement(
            target,
            value,
            polarity,
            cap=self.plan.achievement_cap,
            lower_formula=self.plan.lower_is_better_formula,
            previous=previous,
            on_scale=scale is not None,
        )


def load(unit: Unit, year: int) -> LakinData:
    measures = unit_measures(unit, year)  # raises MeasuresUnavailable with a clear message
    agreement = (
        Agreement.objects.filter(unit=unit, year=year)
        .select_related("plan_version__plan")
        .prefetch_related("versions")
        .get()
    )
    version = agreement.version_in_force()
    plan_version = agreement.plan_version
    items = list(
        version.items.select_related(
            "indicator__objective__goal", "indicator__goal", "indicator__scale"
        ).order_by("position")
    )
    objectives = list(
        plan_version.objectives.select_related("goal").prefetch_related("alignments__unit")
    )
    plan_indicators = list(
        plan_version.indicators.select_related("objective", "goal", "scale").prefetch_related(
            "targets", "alignments__unit"
        )
    )
    # The agreement's indicators with their targets and alignments prefetched.
    in_plan = {i.pk: i for i in plan_indicators}
    indicators = {
        item.indicator.code: in_plan.get(item.indicator_id, item.indicator) for item in items
    }
    return LakinData(
        unit=unit,
        year=year,
        measures=measures,
        agreement=agreement,
        version=version,
        plan_version=plan_version,
        items=items,
        indicators=indicators,
        goals=list(plan_version.goals.all()),
        objectives=objectives,
        plan_indicators=plan_indicators,
        history=_load_history(unit, year, plan_version, plan_indicators, indicators, measures),
        action_plans={
            plan.indicator.code: plan
            for plan in ActionPlan.objects.filter(indicator__in=indicators.values(), year=year)
            .select_related("indicator")
            .prefetch_related("activities", "progress")
        },
        budget=optional(budget_overview, unit, year),
        efficiency=optional(efficiency_rows, unit, year, measures) or [],
        pnbp={
            y: overview
            for y in range(year - HISTORY_YEARS + 1, year + 1)
            if (overview := pnbp_overview(unit, y)) is not None
        },
        stored=stored_narratives(unit, year),
        peers=_peer_measures(unit, year),
        scores=_scores(unit, year, indicators.values()),
        facilitations={
            (f.kind, f.company): f for f in Facilitation.objects.filter(unit=unit, year=year)
        },
        profile=UnitProfile.objects.for_report(unit, year),
        images=list(UnitImage.objects.filter(unit=unit, year=year)),
    )


def _load_history(unit, year, plan_version, plan_indicators, indicators, measures):
    """Realizations and targets of the agreement's indicators over the last five years.

    Earlier years may be recorded on the indicator of an earlier plan version with the same
    code (a Renstra revision copies the structure), so rows are matched by plan and code;
    the report's own version wins where both exist. Targets: that year's Perjanjian Kinerja
    where there was one, else the Renstra target, else the target typed with the
    realization (years before the plan period)."""
    codes = list(indicators)
    first = year - HISTORY_YEARS + 1
    rows: dict[tuple[str, int], dict[int, list[Realization]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in Realization.objects.filter(
        indicator__version__plan=plan_version.plan,
        indicator__code__in=codes,
        year__gte=first,
        year__lte=year,
    ).select_related("indicator__version"):
        rows[(row.indicator.code, row.year)][row.indicator.version.number].append(row)

    agreement_targets = _agreement_targets(unit, first, year)
    plan_targets = {
        (indicator.code, t.year): t.target_value
        for indicator in plan_indicators
        for t in indicator.targets.all()
    }
    measure_by_code = {m.code: m for m in measures.indicators}
    history: dict[str, dict[int, HistoryPoint]] = {}
    for code, indicator in indicators.items():
        points = {}
        for y in range(first, year + 1):
            by_version = rows.get((code, y), {})
            chosen = by_version.get(plan_version.number) or (
                by_version[max(by_version)] if by_version else []
            )
            if y == year:
                value = measure_by_code[code].realization
            else:
                value = year_value(chosen, indicator.aggregation)[0] if chosen else None
            year_row = next((r for r in chosen if r.period == Period.YEAR), None)
            reference = (
                target_value(year_row.reference_target)
                if year_row is not None and year_row.reference_target is not None
                else None
            )
            agreement_target = agreement_targets.get((code, y))
            if y == year:
                agreement_target = measure_by_code[code].target
            points[y] = HistoryPoint(
                y, value, agreement_target, plan_targets.get((code, y)), reference
            )
        history[code] = points
    return history


def _agreement_targets(unit, first, last) -> dict[tuple[str, int], calc.TargetValue]:
    """Targets of the unit's earlier agreements (version in force: highest signed, else
    highest draft — the rule of ``Agreement.version_in_force``), in one query."""
    versions: dict[int, dict[int, tuple[bool, list]]] = defaultdict(dict)
    for item in AgreementIndicator.objects.filter(
        version__agreement__unit=unit,
        version__agreement__year__gte=first,
        version__agreement__year__lt=last,
    ).select_related("version__agreement", "indicator"):
        v = item.version
        entry = versions[v.agreement.year].setdefault(
            v.number, (v.status == AgreementStatus.SIGNED, [])
        )
        entry[1].append(item)
    out = {}
    for y, by_number in versions.items():
        signed = [n for n, (is_signed, _) in by_number.items() if is_signed]
        number = max(signed) if signed else max(by_number)
        for item in by_number[number][1]:
            out[(item.indicator.code, y)] = item.target_value
    return out


def _peer_measures(unit: Unit, year: int) -> list[UnitMeasures]:
    """The year's measures of the unit's siblings that have a Perjanjian Kinerja."""
    if unit.parent_id is None:
        return []
    peers = []
    for agreement in (
        Agreement.objects.filter(unit__parent_id=unit.parent_id, year=year)
        .exclude(unit=unit)
        .select_related("unit")
        .order_by("unit__code")
    ):
        try:
            peers.append(unit_measures(agreement.unit, year))
        except MeasuresUnavailable:
            continue
    return peers


def _scores(unit: Unit, year: int, indicators: Iterable[Indicator]) -> dict:
    """Published scores of the year for the unit and its siblings (rankings), and the
    unit's SMART DJA score, in one query."""
    kinds = {
        ind.method_params.get("score")
        for ind in indicators
        if ind.method in SCORED_METHODS and ind.method_params
    }
    kinds.discard(None)
    kinds.add(ScoreKind.SMART_DJA)
    scope = Q(unit=unit)
    if unit.parent_id is not None:
        scope |= Q(unit__parent_id=unit.parent_id)
    out: dict[str, list[ExternalScore]] = defaultdict(list)
    for score in ExternalScore.objects.filter(scope, year=year, kind__in=kinds).select_related(
        "unit"
    ):
        out[score.kind].append(score)
    return out
