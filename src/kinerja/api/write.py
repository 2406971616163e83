"""Write endpoints: the same services as the web's pages (measurement/workflow.py for
quarters, datasets/load.py for datasets), so the entry windows, locks, stale-version
checks and the audit trail (source ``api``) apply unchanged. A refused write writes
nothing: each request is one transaction."""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from kinerja.core.numbers import decimal_str
from kinerja.datasets import yamlio
from kinerja.datasets.errors import DatasetInvalid, Problem
from kinerja.datasets.load import load_data
from kinerja.measurement import workflow
from kinerja.measurement.entry_selectors import agreement_item_by_code, entry_page
from kinerja.org import access
from kinerja.org.access import Action
from kinerja.org.models import Unit

from .errors import ApiError, nul_problems, refuse, seen_version
from .schemas import ERRORS, Page, Quarter, Year, page_of

router = Router(tags=["write"])

ENTRY_PATH = "/units/{code}/years/{year}/entries/{quarter}/{indicator}"


class EntryIn(Schema):
    """Fields left out keep what is stored. Figures are strings ("53.3"), or a level's
    code for an indicator on a scale; null clears the figure."""

    value: str | None = None
    target: str | None = None
    narrative: str | None = None
    explanation: str | None = None
    elements: dict[str, str | None] | None = None
    # the `version` read before (or send it in If-Match): refused (409) if changed since
    seen: str | None = None
    above_bound_confirmed: bool = False


class EntryState(Schema):
    indicator: str
    quarter: int
    status: str
    value: str | None
    target: str | None
    narrative: str
    explanation: str
    evidence: list[str]
    version: str


class TransitionIn(Schema):
    comment: str = ""


def _page(request, code: str, year: int, quarter: int, indicator: str):
    unit = access.unit_for(request.user, code)
    if quarter not in workflow.QUARTER_NUMBERS:
        raise Http404
    item = agreement_item_by_code(unit, year, indicator)
    if item is None:
        raise Http404
    return unit, item


def _state(unit, item, year: int, quarter: int, user) -> dict:
    page = entry_page(unit, year, quarter, item, user, timezone.localdate())
    entry = page.entry
    return {
        "indicator": item.indicator.code,
        "quarter": quarter,
        "status": entry.status,
        "value": decimal_str(page.value),
        "target": decimal_str(entry.target),
        "narrative": entry.narrative,
        "explanation": entry.explanation,
        "evidence": [e.original_name for e in page.evidence],
        "version": workflow.entry_version(entry) if entry.pk else "",
    }


@router.get(
    ENTRY_PATH, response={200: EntryState, **ERRORS}, summary="One quarter's entry", tags=["read"]
)
def entry(request, code: str, year: Year, quarter: Quarter, indicator: str):
    unit, item = _page(request, code, year, quarter, indicator)
    return _state(unit, item, year, quarter, request.user)


@router.put(
    ENTRY_PATH,
    response={200: EntryState, **ERRORS},
    summary="Save a quarter's figures and narrative (draft or returned quarters)",
)
def save_entry(request, code: str, year: Year, quarter: Quarter, indicator: str, data: EntryIn):
    unit, item = _page(request, code, year, quarter, indicator)
    access.require(request.user, Action.ENTER, unit, item.indicator.code)
    refuse(nul_problems(data.model_dump(), []))
    page = entry_page(unit, year, quarter, item, request.user, timezone.localdate())
    given = data.model_fields_set
    stored_value = None if page.computed is not None else page.value
    with transaction.atomic():
        entry = workflow.entry_for(item.indicator, year, quarter)
        workflow.save_entry(
            entry,
            request.user,
            value=data.value if "value" in given else stored_value,
            target=data.target if "target" in given else page.initial_target,
            narrative=data.narrative if data.narrative is not None else entry.narrative,
            explanation=data.explanation if data.explanation is not None else entry.explanation,
            elements=data.elements,
            seen=seen_version(request, data.seen),
            above_bound_confirmed=data.above_bound_confirmed,
        )
    return _state(unit, item, year, quarter, request.user)


@router.post(
    ENTRY_PATH + "/evidence",
    response={200: EntryState, **ERRORS},
    summary="Attach evidence (PDF, PNG, JPEG or WebP) to a draft or returned quarter",
)
def add_evidence(
    request, code: str, year: Year, quarter: Quarter, indicator: str, file: File[UploadedFile]
):
    unit, item = _page(request, code, year, quarter, indicator)
    access.require(request.user, Action.ENTER, unit, item.indicator.code)
    with transaction.atomic():
        entry = workflow.entry_for(item.indicator, year, quarter)
        workflow.add_evidence(entry, request.user, file)
    return _state(unit, item, year, quarter, request.user)


TRANSITIONS = {
    "submit": lambda entry, user, comment: workflow.submit(entry, user, comment=comment),
    "verify": lambda entry, user, comment: workflow.verify(entry, user, comment=comment),
    "return": lambda entry, user, comment: workflow.return_entry(entry, user, comment=comment),
    "approve": lambda entry, user, comment: workflow.approve(entry, user, comment=comment),
    "reopen": lambda entry, user, comment: workflow.reopen(entry, user, reason=comment),
}


@router.post(
    ENTRY_PATH + "/{action}",
    response={200: EntryState, **ERRORS},
    summary="A workflow step: submit, verify, return, approve or reopen",
)
def transition(
    request,
    code: str,
    year: Year,
    quarter: Quarter,
    indicator: str,
    action: str,
    data: TransitionIn,
):
    step = TRANSITIONS.get(action)
    unit, item = _page(request, code, year, quarter, indicator)
    if step is None:
        raise Http404
    refuse(nul_problems(data.model_dump(), []))
    with transaction.atomic():
        entry = workflow.entry_for(item.indicator, year, quarter)
        step(entry, request.user, data.comment)
    return _state(unit, item, year, quarter, request.user)


# -- datasets -------------------------------------------------------------------------------
class DatasetIn(Schema):
    yaml: str  # a unit dataset (docs/dataset-format.md), as YAML or JSON text
    dry_run: bool = False


class LoadOut(Schema):
    unit: str
    dry_run: bool
    changed: bool
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]


def _require_load_rights(user, data) -> None:
    """Loading writes the file's unit (a planner's right there) and upserts the units it
    lists around it; a unit that is new, or that the file would change, is written only
    by a superuser (nobody writes another unit's data)."""
    if not isinstance(data, dict) or not isinstance(data.get("unit"), dict):
        return  # the loader names the problem
    listed = [*(data.get("units") or []), data["unit"]]
    if not all(isinstance(u, dict) and isinstance(u.get("code"), str) for u in listed):
        return
    own = data["unit"]["code"]
    stored = {u.code: u for u in Unit.objects.filter(code__in=[u["code"] for u in listed])}
    for index, unit in enumerate(listed):
        where = ["unit"] if unit is data["unit"] else ["units", index]
        found = stored.get(unit["code"])
        if found is None:
            if not user.is_superuser:
                raise ApiError(
                    403,
                    _("Unit baru hanya dapat dibuat oleh administrator sistem."),
                    [{"loc": [*where, "code"], "msg": unit["code"]}],
                )
            continue
        if unit["code"] == own:
            if not access.can(user, Action.VIEW, found):
                raise Http404
            access.require(user, Action.PLAN, found)
        elif _unit_differs(found, unit) and not user.is_superuser:
            raise ApiError(
                403,
                _("Berkas ini mengubah unit lain (%(code)s); itu bukan hak Anda.")
                % {"code": unit["code"]},
            )


def _unit_differs(found: Unit, unit: dict) -> bool:
    parent = found.parent.code if found.parent_id else None
    return (
        found.name != unit.get("name")
        or (found.short_name or "") != (unit.get("short_name") or "")
        or found.kind != unit.get("kind")
        or parent != unit.get("parent")
        or (found.vocabulary or {}) != (unit.get("vocabulary") or {})
    )


@router.post(
    "/datasets",
    response={200: LoadOut, **ERRORS},
    summary="Load a unit dataset (all or nothing); dry_run reports what would change",
)
def load_dataset(request, data: DatasetIn):
    try:
        parsed = yamlio.parse(data.yaml)
    except yamlio.DatasetSyntaxError as exc:
        raise DatasetInvalid([Problem("", f"not valid YAML: {exc}")]) from None
    _require_load_rights(request.user, parsed)
    with transaction.atomic():
        report = load_data(parsed)
        if data.dry_run:
            transaction.set_rollback(True)
    return {**report.as_dict(), "dry_run": data.dry_run, "changed": report.changed}


# -- operational records --------------------------------------------------------------------
# (read and import on one router: a path's methods must be registered together)
class RecordsPage(Schema):
    unit: str
    kind: str
    rows: list[dict]  # one page of them, in the stored order (`limit`, `offset`)
    count: int  # all the rows of the kind (and year)


@router.get(
    "/units/{code}/records/{kind}",
    response={200: RecordsPage, **ERRORS},
    summary="Operational records of one kind (service orders, audit follow-ups, …), paged",
    tags=["read"],
)
def records(request, code: str, kind: str, page: Page, year: Year | None = None):
    from kinerja.sources.tabular import KINDS, export_rows

    unit = access.unit_for(request.user, code)
    if kind not in KINDS:
        raise Http404
    paged = page_of(request, export_rows(kind, unit, year), page)
    return {"unit": unit.code, "kind": kind, "rows": paged["items"], "count": paged["count"]}


class RecordsOut(Schema):
    kind: str
    unit: str
    dry_run: bool
    rows: int
    nested_rows: int
    computed_realizations_changed: int
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]


@router.post(
    "/units/{code}/records/{kind}",
    response={200: RecordsOut, **ERRORS},
    summary="Import operational records from CSV or XLSX (as `kinerja records_import`)",
)
def import_records(
    request,
    code: str,
    kind: str,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
):
    from kinerja.sources import tabular

    unit = access.unit_for(request.user, code, Action.PLAN)
    if kind not in tabular.KINDS:
        raise Http404
    fmt = tabular.format_of(file.name or "")  # None: decided from the content
    data = file.read(settings.KINERJA_UPLOAD_MAX_BYTES + 1)
    if len(data) > settings.KINERJA_UPLOAD_MAX_BYTES:
        raise DatasetInvalid([Problem("file", _("Berkas terlalu besar."))])
    result = tabular.import_records(kind, unit, data, fmt=fmt, dry_run=dry_run)
    return result.as_dict()
