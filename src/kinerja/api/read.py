"""Read endpoints: thin over the selectors the pages and the CLI use. Every unit is
found through ``access.unit_for`` (404 for a unit the caller may not read), lists
through ``Unit.objects.for_user``: the rights are org/access.py's, nowhere else."""

import datetime as dt

from django.http import FileResponse, Http404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from kinerja.core.numbers import decimal_str
from kinerja.measurement.choices import EntryStatus
from kinerja.org import access
from kinerja.org.access import Action
from kinerja.org.models import Unit
from kinerja.planning.models import Agreement, Indicator, StrategicPlan

from .schemas import ERRORS, Number, Quarter, RowId, Year

router = Router(tags=["read"])


def _unit(request, code: str, action: Action = Action.VIEW) -> Unit:
    return access.unit_for(request.user, code, action)


# -- units ----------------------------------------------------------------------------------
class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    updated_at: dt.datetime


class UnitDetail(UnitOut):
    ancestors: list[str]
    children: list[str]


def _unit_out(unit: Unit, parent_code: str | None) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": parent_code,
        "updated_at": unit.updated_at,
    }


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="Units the caller may read")
@paginate(LimitOffsetPagination)
def units(request, parent: str | None = None, kind: str | None = None):
    rows = Unit.objects.for_user(request.user).select_related("parent").order_by("code")
    if parent:
        rows = rows.filter(parent__code=parent)
    if kind:
        rows = rows.filter(kind=kind)
    return [_unit_out(u, u.parent.code if u.parent else None) for u in rows]


@router.get(
    "/units/{code}",
    response={200: UnitDetail, **ERRORS},
    summary="A unit and its place in the hierarchy",
)
def unit_detail(request, code: str):
    unit = _unit(request, code)
    visible = Unit.objects.for_user(request.user)
    return {
        **_unit_out(unit, unit.parent.code if unit.parent else None),
        "ancestors": [a.code for a in unit.ancestors()],
        "children": list(
            visible.filter(parent=unit).order_by("code").values_list("code", flat=True)
        ),
    }


# -- plans, indicators, targets -------------------------------------------------------------
class PlanVersionOut(Schema):
    number: int
    title: str
    in_force: bool
    content: str
    adopted_on: dt.date | None
    updated_at: dt.datetime


class PlanOut(Schema):
    code: str
    name: str
    start_year: int
    end_year: int
    versions: list[PlanVersionOut]


@router.get(
    "/units/{code}/plans",
    response={200: list[PlanOut], **ERRORS},
    summary="Renstra plans and their versions",
)
def plans(request, code: str):
    unit = _unit(request, code)
    out = []
    for plan in (
        StrategicPlan.objects.filter(unit=unit)
        .prefetch_related("versions")
        .order_by("start_year", "code")
    ):
        out.append(
            {
                "code": plan.code,
                "name": plan.name,
                "start_year": plan.start_year,
                "end_year": plan.end_year,
                "versions": [
                    {
                        "number": v.number,
                        "title": v.title,
                        "in_force": v.in_force,
                        "content": v.content,
                        "adopted_on": v.adopted_on,
                        "updated_at": v.updated_at,
                    }
                    for v in sorted(plan.versions.all(), key=lambda v: v.number)
                ],
            }
        )
    return out


class TargetOut(Schema):
    year: int
    value: str | None
    max_value: str | None
    kind: str


class IndicatorOut(Schema):
    code: str
    name: str
    objective: str | None
    unit_label: str
    polarity: str
    aggregation: str
    frequency: str
    method: str
    targets: list[TargetOut]


@router.get(
    "/units/{code}/plans/{plan}/versions/{number}/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    summary="Indicators of a plan version, with their yearly targets",
)
def indicators(request, code: str, plan: str, number: Number):
    unit = _unit(request, code)
    rows = (
        Indicator.objects.filter(
            version__plan__unit=unit, version__plan__code=plan, version__number=number
        )
        .select_related("objective")
        .prefetch_related("targets")
        .order_by("position", "code")
    )
    if (
        not rows
        and not StrategicPlan.objects.filter(unit=unit, code=plan, versions__number=number).exists()
    ):
        raise Http404
    return [
        {
            "code": i.code,
            "name": i.name,
            "objective": i.objective.code if i.objective else None,
            "unit_label": i.unit_label,
            "polarity": i.polarity,
            "aggregation": i.aggregation,
            "frequency": i.frequency,
            "method": i.method,
            "targets": [
                {
                    "year": t.year,
                    "value": decimal_str(t.value),
                    "max_value": decimal_str(t.max_value),
                    "kind": t.kind,
                }
                for t in sorted(i.targets.all(), key=lambda t: t.year)
            ],
        }
        for i in rows
    ]


# -- agreements -----------------------------------------------------------------------------
class AgreementItemOut(Schema):
    indicator: str
    target: str | None
    target_max: str | None
    target_kind: str


class AgreementVersionOut(Schema):
    number: int
    status: str
    signed_on: dt.date | None
    signatory: str
    superior: str
    reason: str
    items: list[AgreementItemOut]


class AgreementOut(Schema):
    year: int
    plan: str
    plan_version: int
    version_in_force: int | None
    updated_at: dt.datetime
    versions: list[AgreementVersionOut]


@router.get(
    "/units/{code}/agreements",
    response={200: list[AgreementOut], **ERRORS},
    summary="Perjanjian Kinerja by year",
)
def agreements(request, code: str, year: Year | None = None):
    unit = _unit(request, code)
    rows = (
        Agreement.objects.filter(unit=unit)
        .select_related("plan_version__plan")
        .prefetch_related("versions__items__indicator")
        .order_by("year")
    )
    if year is not None:
        rows = rows.filter(year=year)
    out = []
    for agreement in rows:
        in_force = agreement.version_in_force()
        out.append(
            {
                "year": agreement.year,
                "plan": agreement.plan_version.plan.code,
                "plan_version": agreement.plan_version.number,
                "version_in_force": in_force.number if in_force else None,
                "updated_at": agreement.updated_at,
                "versions": [
                    {
                        "number": v.number,
                        "status": v.status,
                        "signed_on": v.signed_on,
                        "signatory": v.signatory,
                        "superior": v.superior,
                        "reason": v.reason,
                        "items": [
                            {
                                "indicator": item.indicator.code,
                                "target": decimal_str(item.target),
                                "target_max": decimal_str(item.target_max),
                                "target_kind": item.target_kind,
                            }
                            for item in sorted(v.items.all(), key=lambda i: i.position)
                        ],
                    }
                    for v in sorted(agreement.versions.all(), key=lambda v: v.number)
                ],
            }
        )
    return out


# -- measures, entries, budget, consistency --------------------------------------------------
@router.get(
    "/units/{code}/years/{year}/measures",
    response={200: dict, **ERRORS},
    summary="Achievement of every indicator (as `kinerja measures --json`)",
)
def measures(request, code: str, year: Year):
    from kinerja.measurement.management.commands.measures import as_json
    from kinerja.measurement.selectors import unit_measures

    return as_json(unit_measures(_unit(request, code), year))


class EntryOut(Schema):
    indicator: str
    quarter: int
    status: str
    value: str | None
    target: str | None
    narrative: str
    explanation: str
    evidence_count: int
    version: str
    updated_at: dt.datetime | None


@router.get(
    "/units/{code}/years/{year}/entries",
    response={200: list[EntryOut], **ERRORS},
    summary="Quarterly entries of the year's agreement indicators, with their status",
)
@paginate(LimitOffsetPagination)
def entries(
    request,
    code: str,
    year: Year,
    quarter: Quarter | None = None,
    status: str | None = None,
    indicator: str | None = None,
):
    from kinerja.measurement import workflow
    from kinerja.measurement.entry_selectors import entry_matrix

    unit = _unit(request, code)
    matrix = entry_matrix(unit, year, request.user, timezone.localdate())
    if matrix is None:
        raise Http404
    out = []
    for row in matrix.rows:
        if indicator and row.indicator.code != indicator:
            continue
        for cell in row.cells:
            cell_status = cell.status or EntryStatus.DRAFT
            if (quarter is not None and cell.quarter != quarter) or (
                status and cell_status != status
            ):
                continue
            entry = cell.entry
            out.append(
                {
                    "indicator": row.indicator.code,
                    "quarter": cell.quarter,
                    "status": cell_status,
                    "value": decimal_str(cell.value),
                    "target": decimal_str(entry.target) if entry else None,
                    "narrative": entry.narrative if entry else "",
                    "explanation": entry.explanation if entry else "",
                    "evidence_count": cell.evidence_count,
                    "version": workflow.entry_version(entry) if entry else "",
                    "updated_at": entry.updated_at if entry else None,
                }
            )
    return out


@router.get(
    "/units/{code}/years/{year}/budget",
    response={200: dict, **ERRORS},
    summary="The year's DIPA or DPA (as `kinerja budget --json`)",
)
def budget(request, code: str, year: Year):
    from kinerja.budget.management.commands.budget import as_json
    from kinerja.budget.selectors import budget_overview

    return as_json(budget_overview(_unit(request, code), year))


@router.get(
    "/units/{code}/years/{year}/efficiency",
    response={200: dict, **ERRORS},
    summary="Budget efficiency per indicator (as `kinerja efficiency --json`)",
)
def efficiency(request, code: str, year: Year):
    from kinerja.budget.management.commands.efficiency import as_json
    from kinerja.budget.selectors import efficiency_rows

    unit = _unit(request, code)
    return {
        "unit": unit.code,
        "year": year,
        "rows": [as_json(r) for r in efficiency_rows(unit, year)],
    }


@router.get(
    "/units/{code}/years/{year}/consistency",
    response={200: dict, **ERRORS},
    summary="Consistency findings (as `kinerja consistency --json`)",
)
def consistency(request, code: str, year: Year):
    from kinerja.reports.checks import consistency_report
    from kinerja.reports.management.commands.consistency import as_json

    return as_json(consistency_report(_unit(request, code), year))


# -- final reports --------------------------------------------------------------------------
class FinalReportOut(Schema):
    id: int
    year: int
    kind: str
    period: str
    version: int
    reason: str
    content_hash: str
    data_hash: str
    created_at: dt.datetime
    formats: list[str]


@router.get(
    "/units/{code}/final-reports",
    response={200: list[FinalReportOut], **ERRORS},
    summary="Issued final reports",
)
@paginate(LimitOffsetPagination)
def final_reports(request, code: str, year: Year | None = None, kind: str | None = None):
    from kinerja.reports.models import FinalReport

    unit = _unit(request, code)
    rows = (
        FinalReport.objects.filter(unit=unit)
        .prefetch_related("files")
        .order_by("year", "kind", "period", "version")
    )
    if year is not None:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    return [
        {
            "id": r.pk,
            "year": r.year,
            "kind": r.kind,
            "period": r.period,
            "version": r.version,
            "reason": r.reason,
            "content_hash": r.content_hash,
            "data_hash": r.data_hash,
            "created_at": r.created_at,
            "formats": sorted(f.format for f in r.files.all()),
        }
        for r in rows
    ]


@router.get(
    "/units/{code}/final-reports/{report_id}/{fmt}",
    response={200: None, **ERRORS},
    summary="A final report's file, byte for byte as issued",
)
def final_report_file(request, code: str, report_id: RowId, fmt: str):
    from kinerja.reports import selectors

    unit = _unit(request, code)
    report = unit.final_reports.filter(pk=report_id).first()
    if report is None:
        raise Http404
    file = selectors.final_file(report, fmt)
    if file is None:
        raise Http404
    try:
        handle = file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = selectors.spec_of(report).basename(unit.code, report.year)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}-v{report.version}.{fmt}",
        content_type=selectors.CONTENT_TYPES[fmt],
    )


# -- the unit's dataset (what `kinerja sync` pulls) -----------------------------------------
class DatasetOut(Schema):
    unit: str
    plan: str
    yaml: str  # the dataset as `kinerja dump` writes it: YAML keeps decimals exact


@router.get(
    "/units/{code}/plans/{plan}/dataset",
    response={200: DatasetOut, **ERRORS},
    summary="The unit's dataset for one plan (as `kinerja dump`)",
)
def dataset(request, code: str, plan: str):
    from kinerja.datasets.dump import dump_text, find_plan

    unit = _unit(request, code)
    found = find_plan(unit, plan)
    return {"unit": unit.code, "plan": found.code, "yaml": dump_text(unit, found)}
