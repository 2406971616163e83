"""Reading a unit's plans: the Renstra and its versions, the Perjanjian Kinerja and its
versions, the Rencana Aksi; and what changed between two Renstra versions.

Every function takes a unit the caller has already cleared with ``org.access``; objects
are always looked up inside that unit, so an id from another unit is simply not found.
The comparison of two Renstra versions is a pure function over snapshots
(``diff_plan_versions``), so it is tested without a database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils.translation import gettext

from kinerja.measurement import calc
from kinerja.measurement.choices import QUARTERS, Period
from kinerja.measurement.models import QuarterEntry, Realization
from kinerja.measurement.selectors import year_value
from kinerja.org.models import Unit
from kinerja.reports.perkin import Change, agreement_changes

from .choices import AgreementStatus, Method, VersionContent
from .models import (
    ActionPlan,
    Agreement,
    AgreementIndicator,
    AgreementVersion,
    Alignment,
    Goal,
    Indicator,
    Objective,
    PlannedActivity,
    PlanVersion,
    StrategicPlan,
    Target,
)


# ======================================================================================
# Lookups inside one unit (None when the object is not the unit's)
# ======================================================================================
def plan_version(unit: Unit, version_id: int) -> PlanVersion | None:
    return PlanVersion.objects.filter(pk=version_id, plan__unit=unit).select_related("plan").first()


def indicator(unit: Unit, pk: int) -> Indicator | None:
    return (
        Indicator.objects.filter(pk=pk, version__plan__unit=unit)
        .select_related("version__plan", "objective__goal", "goal", "scale")
        .first()
    )


def agreement(unit: Unit, year: int) -> Agreement | None:
    return (
        Agreement.objects.filter(unit=unit, year=year).select_related("plan_version__plan").first()
    )


def targets_read_only_reason(version: PlanVersion) -> str | None:
    """Why the version's targets cannot be changed, or None. Only the version in force,
    with its content recorded, takes new targets: an older version is history, and a
    reference-only one has no indicators to hold them."""
    if version.content != VersionContent.RECORDED:
        return gettext(
            "Versi %(number)s hanya rujukan dokumen: isinya tidak tercatat, sehingga "
            "targetnya tidak dapat diubah."
        ) % {"number": version.number}
    if not version.in_force:
        return gettext(
            "Versi %(number)s tidak berlaku lagi; targetnya adalah riwayat dan tidak dapat "
            "diubah. Ubah target pada versi yang berlaku."
        ) % {"number": version.number}
    return None


def open_draft(agreement: Agreement) -> AgreementVersion | None:
    """The draft being prepared: a draft numbered above every signed version."""
    versions = list(agreement.versions.order_by("-number"))
    if versions and not versions[0].is_signed:
        return versions[0]
    return None


# ======================================================================================
# Overview
# ======================================================================================
@dataclass(frozen=True)
class AgreementSummary:
    agreement: Agreement
    versions: list[AgreementVersion]
    in_force: AgreementVersion | None
    draft: AgreementVersion | None


@dataclass(frozen=True)
class ActionPlanYear:
    year: int
    indicators: int
    activities: int


@dataclass(frozen=True)
class Overview:
    plans: list[StrategicPlan]  # with .versions prefetched as .version_list
    agreements: list[AgreementSummary]  # newest year first
    action_plans: list[ActionPlanYear]  # newest year first


def overview(unit: Unit) -> Overview:
    plans = list(
        StrategicPlan.objects.filter(unit=unit)
        .order_by("-start_year", "code")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=PlanVersion.objects.order_by("number").annotate(
                    indicator_count=Count("indicators")
                ),
                to_attr="version_list",
            )
        )
    )
    agreements = []
    for obj in (
        Agreement.objects.filter(unit=unit)
        .select_related("plan_version__plan")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.order_by("number").annotate(
                    item_count=Count("items")
                ),
                to_attr="version_list",
            )
        )
        .order_by("-year")
    ):
        versions = obj.version_list
        in_force = obj.version_in_force()
        draft = versions[-1] if versions and not versions[-1].is_signed else None
        agreements.append(AgreementSummary(obj, versions, in_force, draft))
    action_plans = [
        ActionPlanYear(row["year"], row["indicators"], row["activities"])
        for row in ActionPlan.objects.filter(indicator__version__plan__unit=unit)
        .values("year")
        .annotate(
            indicators=Count("indicator", distinct=True),
            activities=Count("activities"),
        )
        .order_by("-year")
    ]
    return Overview(plans, agreements, action_plans)


# ======================================================================================
# One Renstra version
# ======================================================================================
@dataclass
class IndicatorRow:
    indicator: Indicator
    targets: list[calc.TargetValue | None]  # one per year of the plan, None: no target row


@dataclass
class ObjectiveBlock:
    objective: Objective
    indicators: list[IndicatorRow] = field(default_factory=list)


@dataclass
class GoalBlock:
    goal: Goal
    indicators: list[IndicatorRow] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)


@dataclass
class VersionDetail:
    version: PlanVersion
    years: list[int]
    goals: list[GoalBlock]
    objectives: list[ObjectiveBlock]
    others: list[PlanVersion]  # the plan's other versions, to compare with

    @property
    def indicator_count(self) -> int:
        return sum(len(g.indicators) for g in self.goals) + sum(
            len(o.indicators) for o in self.objectives
        )


def plan_years(plan: StrategicPlan) -> list[int]:
    return list(range(plan.start_year, plan.end_year + 1))


def _target_value(target: Target) -> calc.TargetValue:
    return target.target_value


def version_detail(version: PlanVersion) -> VersionDetail:
    years = plan_years(version.plan)
    goals = {g.pk: GoalBlock(g) for g in version.goals.all()}
    objectives = {o.pk: ObjectiveBlock(o) for o in version.objectives.select_related("goal")}
    for objective_block in objectives.values():
        goal = goals.get(objective_block.objective.goal_id)
        if goal is not None:
            goal.objectives.append(objective_block.objective)
    for ind in (
        version.indicators.select_related("scale")
        .prefetch_related("targets")
        .order_by("position", "code")
    ):
        by_year = {t.year: _target_value(t) for t in ind.targets.all()}
        row = IndicatorRow(ind, [by_year.get(year) for year in years])
        if ind.objective_id is not None:
            objectives[ind.objective_id].indicators.append(row)
        else:
            goals[ind.goal_id].indicators.append(row)
    others = list(version.plan.versions.exclude(pk=version.pk).order_by("number"))
    return VersionDetail(version, years, list(goals.values()), list(objectives.values()), others)


# --------------------------------------------------------------------------------------
# What changed between two versions
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorFacts:
    code: str
    name: str
    unit_label: str
    targets: dict[int, calc.TargetValue]  # by year; a year without a target is absent


@dataclass(frozen=True)
class PlanSnapshot:
    """What a Renstra version says, by code: the input of ``diff_plan_versions``."""

    number: int
    goals: dict[str, str]  # code → name, in order
    objectives: dict[str, str]
    indicators: dict[str, IndicatorFacts]


@dataclass(frozen=True)
class NameChange:
    level: str  # "goal" | "objective" | "indicator"
    code: str
    old: str
    new: str


@dataclass(frozen=True)
class TargetChange:
    code: str
    name: str
    unit_label: str
    year: int
    old: calc.TargetValue | None  # None: no target that year
    new: calc.TargetValue | None


@dataclass(frozen=True)
class VersionDiff:
    old_number: int
    new_number: int
    added: list[IndicatorFacts]
    removed: list[IndicatorFacts]
    renamed: list[NameChange]
    unit_changed: list[NameChange]  # the satuan of an indicator
    targets: list[TargetChange]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.unit_changed or self.targets)


def snapshot(version: PlanVersion) -> PlanSnapshot:
    indicators = {}
    for ind in version.indicators.prefetch_related("targets").order_by("position", "code"):
        indicators[ind.code] = IndicatorFacts(
            ind.code,
            ind.name,
            ind.unit_label,
            {t.year: _target_value(t) for t in sorted(ind.targets.all(), key=lambda t: t.year)},
        )
    return PlanSnapshot(
        number=version.number,
        goals={g.code: g.name for g in version.goals.all()},
        objectives={o.code: o.name for o in version.objectives.all()},
        indicators=indicators,
    )


def diff_plan_versions(old: PlanSnapshot, new: PlanSnapshot) -> VersionDiff:
    """Indicators added and removed, names (of goals, objectives, indicators) and satuan
    changed, and targets changed year by year, from ``old`` to ``new``. Added and changed
    things follow the newer version's order; removed ones the older version's."""
    added = [facts for code, facts in new.indicators.items() if code not in old.indicators]
    removed = [facts for code, facts in old.indicators.items() if code not in new.indicators]
    renamed = []
    for level, before, after in (
        ("goal", old.goals, new.goals),
        ("objective", old.objectives, new.objectives),
        ("indicator", _names(old.indicators), _names(new.indicators)),
    ):
        renamed += [
            NameChange(level, code, before[code], name)
            for code, name in after.items()
            if code in before and _normal_text(before[code]) != _normal_text(name)
        ]
    unit_changed = []
    targets = []
    for code, facts in new.indicators.items():
        previous = old.indicators.get(code)
        if previous is None:
            continue
        if _normal_text(previous.unit_label) != _normal_text(facts.unit_label):
            unit_changed.append(
                NameChange("indicator", code, previous.unit_label, facts.unit_label)
            )
        for year in sorted(set(previous.targets) | set(facts.targets)):
            before, after = previous.targets.get(year), facts.targets.get(year)
            if before != after:
                targets.append(
                    TargetChange(code, facts.name, facts.unit_label, year, before, after)
                )
    return VersionDiff(old.number, new.number, added, removed, renamed, unit_changed, targets)


def _names(indicators: dict[str, IndicatorFacts]) -> dict[str, str]:
    return {code: facts.name for code, facts in indicators.items()}


def _normal_text(text: str) -> str:
    # A re-typed name with other line breaks or double spaces is the same name.
    return " ".join(text.split())


# ======================================================================================
# One indicator
# ======================================================================================
@dataclass(frozen=True)
class RealizationYear:
    year: int
    target: calc.TargetValue | None  # the Renstra target of that year
    value: Decimal | None  # the year's value (the year row, or the quarters aggregated)
    from_quarters: bool
    quarters: list[Decimal | None]  # Q1..Q4
    statuses: list[str | None]  # the quarter entries' workflow status, Q1..Q4
    as_reported: Decimal | None
    note: str
    provenance: dict | None


@dataclass(frozen=True)
class AgreementTarget:
    year: int
    version: AgreementVersion
    item: AgreementIndicator


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: Indicator
    owner: Objective | Goal
    years: list[int]
    targets: list[calc.TargetValue | None]
    alignments: list[Alignment]
    objective_alignments: list[Alignment]
    agreements: list[AgreementTarget]
    realizations: list[RealizationYear]
    is_computed: bool


def indicator_detail(ind: Indicator) -> IndicatorDetail:
    years = plan_years(ind.version.plan)
    by_year = {t.year: _target_value(t) for t in ind.targets.all()}
    owner = ind.objective or ind.goal
    objective_alignments = (
        list(ind.objective.alignments.select_related("unit")) if ind.objective else []
    )
    agreements = [
        AgreementTarget(item.version.agreement.year, item.version, item)
        for item in AgreementIndicator.objects.filter(indicator=ind)
        .select_related("version__agreement")
        .order_by("version__agreement__year", "version__number")
    ]
    rows: dict[int, list[Realization]] = defaultdict(list)
    for row in Realization.objects.filter(indicator=ind).order_by("year", "period"):
        rows[row.year].append(row)
    statuses: dict[tuple[int, int], str] = {
        (e.year, e.quarter): e.status for e in QuarterEntry.objects.filter(indicator=ind)
    }
    realizations = []
    for year in sorted(set(rows) | {y for y, _ in statuses}):
        year_rows = rows.get(year, [])
        by_period = {r.period: r for r in year_rows}
        value, as_reported = year_value(year_rows, ind.aggregation)
        year_row = by_period.get(Period.YEAR)
        realizations.append(
            RealizationYear(
                year=year,
                target=by_year.get(year),
                value=value,
                from_quarters=year_row is None and value is not None,
                quarters=[by_period[q].value if q in by_period else None for q in QUARTERS],
                statuses=[statuses.get((year, n)) for n in range(1, 5)],
                as_reported=as_reported,
                note=year_row.note if year_row else "",
                provenance=year_row.provenance if year_row else None,
            )
        )
    return IndicatorDetail(
        indicator=ind,
        owner=owner,
        years=years,
        targets=[by_year.get(year) for year in years],
        alignments=list(ind.alignments.select_related("unit")),
        objective_alignments=objective_alignments,
        agreements=agreements,
        realizations=realizations,
        is_computed=ind.method != Method.MANUAL,
    )


# ======================================================================================
# The Perjanjian Kinerja of a year
# ======================================================================================
@dataclass(frozen=True)
class AgreementItemRow:
    item: AgreementIndicator
    renstra: calc.TargetValue | None  # the Renstra target of the year, for comparison

    @property
    def target(self) -> calc.TargetValue:
        return self.item.target_value

    @property
    def differs(self) -> bool:
        return self.renstra is not None and self.renstra != self.target


@dataclass(frozen=True)
class VersionChanges:
    old: AgreementVersion
    new: AgreementVersion
    changes: list[Change]  # reports.perkin.agreement_changes


@dataclass(frozen=True)
class AgreementDetail:
    agreement: Agreement
    versions: list[AgreementVersion]
    in_force: AgreementVersion
    shown: AgreementVersion
    items: list[AgreementItemRow]
    history: list[VersionChanges]
    draft: AgreementVersion | None
    latest_signed: AgreementVersion | None

    @property
    def has_range(self) -> bool:
        return any(row.item.target_max is not None for row in self.items)


def agreement_items(version: AgreementVersion) -> list[AgreementIndicator]:
    return list(
        version.items.select_related(
            "indicator__objective", "indicator__goal", "indicator__scale"
        ).order_by("position")
    )


def agreement_detail(obj: Agreement, number: int | None = None) -> AgreementDetail | None:
    """The agreement with the version ``number`` shown (the one in force by default);
    None when it has no version at all or not the one asked for."""
    versions = list(obj.versions.order_by("number"))
    in_force = obj.version_in_force()
    if in_force is None:
        return None
    shown = in_force if number is None else next((v for v in versions if v.number == number), None)
    if shown is None:
        return None
    items: dict[int, list[AgreementIndicator]] = defaultdict(list)
    for item in (
        AgreementIndicator.objects.filter(version__agreement=obj)
        .select_related("version", "indicator__objective", "indicator__goal")
        .order_by("version__number", "position")
    ):
        items[item.version.number].append(item)
    renstra = {
        t.indicator_id: _target_value(t)
        for t in Target.objects.filter(indicator__version=obj.plan_version_id, year=obj.year)
    }
    history = [
        VersionChanges(old, new, agreement_changes(items[old.number], items[new.number]))
        for old, new in zip(versions, versions[1:], strict=False)
    ]
    signed = [v for v in versions if v.status == AgreementStatus.SIGNED]
    return AgreementDetail(
        agreement=obj,
        versions=versions,
        in_force=in_force,
        shown=shown,
        items=[
            AgreementItemRow(item, renstra.get(item.indicator_id)) for item in items[shown.number]
        ],
        history=history,
        draft=versions[-1] if not versions[-1].is_signed else None,
        latest_signed=signed[-1] if signed else None,
    )


# ======================================================================================
# Rencana Aksi of a year
# ======================================================================================
@dataclass(frozen=True)
class QuarterPlan:
    quarter: int
    activities: list[PlannedActivity]
    target_pct: Decimal | None
    realized_pct: Decimal | None

    @property
    def behind(self) -> bool:
        return (
            self.target_pct is not None
            and self.realized_pct is not None
            and self.realized_pct < self.target_pct
        )


@dataclass(frozen=True)
class ActionPlanBlock:
    indicator: Indicator
    target: calc.TargetValue | None  # from the agreement in force
    quarters: list[QuarterPlan]  # empty when the indicator has no action plan


def action_plan_blocks(unit: Unit, year: int) -> list[ActionPlanBlock]:
    """Every indicator of the year's agreement in force with its action plan, then any
    action plan of the year for an indicator outside the agreement."""
    obj = agreement(unit, year)
    items = []
    if obj is not None and (version := obj.version_in_force()) is not None:
        items = agreement_items(version)
    plans = {
        p.indicator_id: p
        for p in ActionPlan.objects.filter(year=year, indicator__version__plan__unit=unit)
        .select_related("indicator__objective", "indicator__goal")
        .prefetch_related("activities", "progress")
    }
    blocks = []
    for item in items:
        blocks.append(
            ActionPlanBlock(
                item.indicator,
                item.target_value,
                _quarters(plans.pop(item.indicator_id, None)),
            )
        )
    for plan in sorted(plans.values(), key=lambda p: (p.indicator.position, p.indicator.code)):
        blocks.append(ActionPlanBlock(plan.indicator, None, _quarters(plan)))
    return blocks


def _quarters(plan: ActionPlan | None) -> list[QuarterPlan]:
    if plan is None:
        return []
    progress = {p.quarter: p for p in plan.progress.all()}
    activities = defaultdict(list)
    for activity in sorted(plan.activities.all(), key=lambda a: (a.quarter, a.code)):
        activities[activity.quarter].append(activity)
    return [
        QuarterPlan(
            quarter,
            activities.get(quarter, []),
            progress[quarter].target_pct if quarter in progress else None,
            progress[quarter].realized_pct if quarter in progress else None,
        )
        for quarter in range(1, 5)
    ]
