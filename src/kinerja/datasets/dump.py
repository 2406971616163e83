"""Writing a unit's data for one plan as a dataset (the inverse of load.py).

Keys are written in the order of docs/dataset-format.md and optional fields only when
they hold something, so that load → dump → load → dump gives the same text.
"""

from django.utils.translation import gettext as _

from kinerja.measurement.models import Realization
from kinerja.org.models import Unit
from kinerja.planning.models import (
    ActionPlan,
    Agreement,
    Indicator,
    PlanVersion,
    Scale,
    StrategicPlan,
)

from . import yamlio
from .schema import FORMAT_VERSION
from .sections import sections
from .values import dump_target, dump_value


class PlanNotFound(LookupError):
    pass


def find_plan(unit: Unit, plan: str) -> StrategicPlan:
    """A plan by its code or by its period written ``2021-2024``."""
    plans = list(unit.plans.all())
    for candidate in plans:
        if plan in {candidate.code, f"{candidate.start_year}-{candidate.end_year}"}:
            return candidate
    known = ", ".join(f"{p.code} ({p.start_year}-{p.end_year})" for p in plans) or "-"
    raise PlanNotFound(
        _('unit %(unit)s tidak mempunyai rencana "%(plan)s"; rencana yang ada: %(known)s')
        % {"unit": unit.code, "plan": plan, "known": known}
    )


def dump_text(unit: Unit, plan: StrategicPlan) -> str:
    return yamlio.render(dump_data(unit, plan))


def dump_data(unit: Unit, plan: StrategicPlan) -> dict:
    data: dict = {
        "kinerja_dataset": FORMAT_VERSION,
        "units": _context_units(unit),
        "unit": _unit(unit),
    }
    scales = [s.definition.as_data() for s in Scale.objects.filter(unit=unit).order_by("code")]
    if scales:
        data["scales"] = scales
    data["plans"] = [_plan(plan)]
    agreements = (
        Agreement.objects.filter(unit=unit, plan_version__plan=plan)
        .select_related("plan_version")
        .prefetch_related("versions__items__indicator")
        .order_by("year")
    )
    data["agreements"] = [_agreement(a) for a in agreements]
    action_plans = (
        ActionPlan.objects.filter(indicator__version__plan=plan)
        .select_related("indicator")
        .prefetch_related("activities", "progress")
        .order_by("year", "indicator__position", "indicator__code")
    )
    data["action_plans"] = [_action_plan(a) for a in action_plans]
    realizations = (
        Realization.objects.filter(indicator__version__plan=plan)
        .select_related("indicator")
        .order_by("year", "indicator__position", "indicator__code", "period")
    )
    data["realizations"] = [_realization(r) for r in realizations]
    for section in sections():
        if section.dump and (value := section.dump(unit, plan)):
            data[section.key] = value
    return data


def _optional(out: dict, **fields) -> dict:
    """Add fields that hold something (not None, not empty)."""
    for key, value in fields.items():
        if value not in (None, "", [], {}):
            out[key] = value
    return out


def _unit(unit: Unit) -> dict:
    out = {"code": unit.code, "name": unit.name}
    _optional(out, short_name=unit.short_name)
    out["kind"] = unit.kind
    return _optional(
        out, parent=unit.parent.code if unit.parent else None, vocabulary=unit.vocabulary
    )


def _context_units(unit: Unit) -> list[dict]:
    """The unit's ancestors (top first) and its siblings: what peer comparisons and
    rankings refer to."""
    chain = []
    parent = unit.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    chain.reverse()
    siblings = (
        list(Unit.objects.filter(parent=unit.parent).exclude(pk=unit.pk)) if unit.parent else []
    )
    return [_unit(u) for u in [*chain, *siblings]]


def _plan(plan: StrategicPlan) -> dict:
    versions = plan.versions.order_by("number").prefetch_related(
        "goals",
        "objectives__goal",
        "indicators__targets",
        "indicators__alignments__unit",
        "objectives__alignments__unit",
    )
    return {
        "code": plan.code,
        "name": plan.name,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "lower_is_better_formula": plan.lower_is_better_formula,
        "achievement_cap": plan.achievement_cap,
        "versions": [_plan_version(v) for v in versions],
    }


def _plan_version(version: PlanVersion) -> dict:
    out = {"number": version.number}
    _optional(
        out,
        title=version.title,
        legal_basis=version.legal_basis,
        adopted_on=version.adopted_on.isoformat() if version.adopted_on else None,
    )
    out["in_force"] = version.in_force
    _optional(out, reason=version.reason)
    out["content"] = version.content
    if version.content == "reference_only":
        return out
    indicators = sorted(version.indicators.all(), key=lambda i: (i.position, i.code))
    by_goal: dict[int, list] = {}
    by_objective: dict[int, list] = {}
    for ind in indicators:
        if ind.goal_id:
            by_goal.setdefault(ind.goal_id, []).append(ind)
        else:
            by_objective.setdefault(ind.objective_id, []).append(ind)
    out["goals"] = [
        _optional(
            {"code": g.code, "name": g.name},
            indicators=[_indicator(i) for i in by_goal.get(g.pk, [])],
        )
        for g in version.goals.all()
    ]
    out["objectives"] = [
        _optional(
            _optional(
                {"code": o.code},
                goal=o.goal.code if o.goal_id else None,
                perspective=o.perspective,
            )
            | {"name": o.name},
            aligns_to=_alignments(o.alignments.all()),
            indicators=[_indicator(i) for i in by_objective.get(o.pk, [])],
        )
        for o in version.objectives.all()
    ]
    return out


def _alignments(alignments) -> list[dict]:
    return [_optional({"unit": a.unit.code}, code=a.code, name=a.name) for a in alignments]


def _indicator(ind: Indicator) -> dict:
    out = {"code": ind.code, "name": ind.name}
    _optional(
        out, definition=ind.definition, calculation=ind.calculation, data_source=ind.data_source
    )
    out.update(
        unit=ind.unit_label, polarity=ind.polarity, aggregation=ind.aggregation, method=ind.method
    )
    if ind.upper_bound is not None:
        out["upper_bound"] = ind.upper_bound
    if ind.frequency != "quarterly":
        out["frequency"] = ind.frequency
    if ind.method != "manual":  # even an empty source says "computed"; manual has none
        out["source"] = ind.method_params
    if ind.scale_id is not None:
        out["scale"] = ind.scale.code
    _optional(out, aligns_to=_alignments(ind.alignments.all()))
    scale = _scale(ind)
    targets = {t.year: dump_target(t.value, t.max_value, t.kind, scale) for t in ind.targets.all()}
    return _optional(out, targets=dict(sorted(targets.items())))


def _agreement(agreement: Agreement) -> dict:
    versions = []
    for version in agreement.versions.order_by("number"):
        out = {"number": version.number, "status": version.status}
        _optional(
            out,
            signed_on=version.signed_on.isoformat() if version.signed_on else None,
            signatory=version.signatory,
            superior=version.superior,
            signed_place=version.signed_place,
            signatory_nip=version.signatory_nip,
            superior_nip=version.superior_nip,
            reason=version.reason,
        )
        out["indicators"] = [
            {
                "code": item.indicator.code,
                "target": dump_target(
                    item.target, item.target_max, item.target_kind, _scale(item.indicator)
                ),
            }
            for item in version.items.all()
        ]
        versions.append(out)
    return {
        "year": agreement.year,
        "plan": agreement.plan_version.plan.code,
        "plan_version": agreement.plan_version.number,
        "versions": versions,
    }


def _action_plan(action_plan: ActionPlan) -> dict:
    out = {"year": action_plan.year, "indicator": action_plan.indicator.code}
    return _optional(
        out,
        activities=[
            _optional({"code": a.code, "quarter": a.quarter}, milestone_pct=a.milestone_pct)
            | {"description": a.description}
            for a in action_plan.activities.all()
        ],
        progress=[
            {"quarter": p.quarter, "target_pct": p.target_pct, "realized_pct": p.realized_pct}
            for p in action_plan.progress.all()
        ],
    )


def _scale(indicator: Indicator):
    """The indicator's scale definition, None for a numeric indicator."""
    return indicator.scale.definition if indicator.scale_id is not None else None


def _realization(row: Realization) -> dict:
    scale = _scale(row.indicator)
    out = {
        "indicator": row.indicator.code,
        "year": row.year,
        "period": row.period,
        "value": dump_value(row.value, scale),
    }
    return _optional(
        out,
        as_reported=dump_value(row.as_reported, scale),
        target=dump_value(row.reference_target, scale),
        note=row.note,
        evidence=row.evidence,
    )
