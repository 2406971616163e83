"""Budget endpoints: the lines of a unit-year's DIPA (or DPA), their writes, revisions,
PNBP and the XLSX line listing, through exactly the services of the web's budget pages
(budget/services.py): the right is Action.BUDGET (finance and the planner), every
change is audited (source ``api``) with the reason given, and a refused request writes
nothing (one transaction per request).

Amounts are strings of whole rupiah ("123456789"), output figures decimal strings with
a point ("53.3"); null clears a figure. A line and the PNBP of a year carry a
``version`` (a digest of what a client can change); sent back as ``seen`` or in
``If-Match``, a write over someone else's change is refused (409)."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kinerja.budget import selectors, services
from kinerja.budget.models import BudgetYear, Line, LineOutput, PnbpYear
from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.core.numbers import decimal_str, to_decimal
from kinerja.datasets.errors import DatasetInvalid, Problem
from kinerja.org import access
from kinerja.org.access import Action

from .errors import ApiError, nul_problems, refuse, seen_version, validation_items
from .schemas import ERRORS, RowId, Year

router = Router(tags=["write"])

BUDGET = "/units/{code}/years/{year}/budget"
LINE = BUDGET + "/lines/{line_id}"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- figures as strings ---------------------------------------------------------------------
def _figure(loc: list, value, problems: list, *, money: bool) -> Decimal | None:
    """A decimal string (or null) checked as its column holds it; a problem is added at
    ``loc`` instead of raising, so that one answer names every bad figure."""
    if value is None or value == "":
        return None
    try:
        number = to_decimal(value)
    except (TypeError, ValueError):
        problems.append({"loc": loc, "msg": _("“%(value)s” bukan angka.") % {"value": value}})
        return None
    if money:
        if number != number.to_integral_value():
            msg = _("Isi rupiah penuh tanpa desimal (contoh: 1.234.567).")
            problems.append({"loc": loc, "msg": msg})
            return None
        if number.adjusted() >= 20:
            problems.append({"loc": loc, "msg": _("Angka terlalu besar.")})
            return None
        number = number.quantize(Decimal(1))
    digits, places = (20, 0) if money else (MEASURE_DIGITS, MEASURE_PLACES)
    try:
        DecimalValidator(digits, places)(number)
    except ValidationError as exc:
        problems.extend({"loc": loc, "msg": m} for m in exc.messages)
        return None
    return number


def _service_refusal(exc: ValidationError, where: dict[str, list]) -> ApiError:
    """A service's field errors at the API's locations (``month_3`` → ``months.3``)."""
    items = []
    for item in validation_items(exc):
        key = item["loc"][0] if item["loc"] else ""
        items.append({"loc": where.get(key, item["loc"]), "msg": item["msg"]})
    detail = items[0]["msg"] if len(items) == 1 else _("Data ditolak.")
    return ApiError(400, detail, items)


def _digest(state) -> str:
    text = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _check_version(request, seen: str | None, current: str) -> None:
    """``seen`` (the body's) or If-Match names the version the client read; refused
    with 409 when the stored one differs (nothing written)."""
    wanted = seen_version(request, seen)
    if wanted is not None and wanted != current:
        raise ApiError(
            409,
            _("Data telah diubah orang lain."),
            [{"loc": ["seen"], "msg": current}],
        )


# -- lines ----------------------------------------------------------------------------------
class OutputOut(Schema):
    id: int
    name: str
    unit: str
    target: str | None
    realizations: dict[str, str]  # period (year, q1 … q4) → value


class LineOut(Schema):
    id: int
    code: str
    parent: str | None
    level: str
    name: str
    depth: int
    leaf: bool
    ceiling: str | None  # a parent's: the sum of its children's
    spending: str | None
    absorption_pct: str | None
    source: str
    unlinked_reason: str
    indicators: list[str]
    months: dict[str, str]  # month (1 … 12) → spending
    outputs: list[OutputOut]
    version: str


def _outputs_of(budget: BudgetYear, line_ids=None) -> dict[int, list[LineOutput]]:
    rows = LineOutput.objects.filter(line__budget=budget).prefetch_related("realizations")
    if line_ids is not None:
        rows = rows.filter(line_id__in=line_ids)
    out: dict[int, list[LineOutput]] = {}
    for output in rows.order_by("line_id", "position"):
        out.setdefault(output.line_id, []).append(output)
    return out


def _line_version(line: Line, codes, months: dict, outputs) -> str:
    """What a client can change on a line, digested: its own figures (not the sums)."""
    return _digest(
        [
            line.name,
            decimal_str(line.ceiling),
            decimal_str(line.spending),
            line.source,
            line.unlinked_reason,
            sorted(codes),
            sorted((m, decimal_str(a)) for m, a in months.items()),
            [
                [
                    o.pk,
                    decimal_str(o.target),
                    sorted((r.period, decimal_str(r.value)) for r in o.realizations.all()),
                ]
                for o in outputs
            ],
        ]
    )


def _stored_version(line: Line) -> str:
    """The version of ``line`` as stored now (read after locking it)."""
    codes = list(line.links.values_list("indicator__code", flat=True))
    months = {m.month: m.amount for m in line.months.all()}
    outputs = _outputs_of(line.budget, [line.pk]).get(line.pk, [])
    return _line_version(line, codes, months, outputs)


def _line_rows(budget: BudgetYear) -> list[dict]:
    rows = selectors.line_rows(budget)
    by_pk = {row.line.pk: row.line for row in rows}
    outputs = _outputs_of(budget)
    out = []
    for row in rows:
        line = row.line
        own = outputs.get(line.pk, [])
        months = row.months if row.leaf else {}
        out.append(
            {
                "id": line.pk,
                "code": line.code,
                "parent": by_pk[line.parent_id].code if line.parent_id else None,
                "level": line.level,
                "name": line.name,
                "depth": row.depth,
                "leaf": row.leaf,
                "ceiling": decimal_str(row.ceiling),
                "spending": decimal_str(row.spending),
                "absorption_pct": decimal_str(row.absorption_pct, 2),
                "source": line.source,
                "unlinked_reason": line.unlinked_reason,
                "indicators": row.indicators,
                "months": {str(m): decimal_str(a) for m, a in sorted(row.months.items())},
                "outputs": [
                    {
                        "id": o.pk,
                        "name": o.name,
                        "unit": o.unit_label,
                        "target": decimal_str(o.target),
                        "realizations": {
                            r.period: decimal_str(r.value) for r in o.realizations.all()
                        },
                    }
                    for o in own
                ],
                "version": _line_version(line, row.indicators, months, own),
            }
        )
    return out


def _budget(request, code: str, year: int, action: Action = Action.VIEW) -> BudgetYear:
    unit = access.unit_for(request.user, code, action)
    budget = BudgetYear.objects.filter(unit=unit, year=year).select_related("unit").first()
    if budget is None:
        raise Http404
    return budget


def _line_out(budget: BudgetYear, pk: int) -> dict:
    for row in _line_rows(budget):
        if row["id"] == pk:
            return row
    raise Http404


@router.get(
    BUDGET + "/lines",
    response={200: list[LineOut], **ERRORS},
    summary="The lines of the year's DIPA or DPA, in order, with months, links and outputs",
    tags=["read"],
)
@paginate(LimitOffsetPagination)
def lines(
    request,
    code: str,
    year: Year,
    level: str | None = None,
    indicator: str | None = None,
    source: str | None = None,
    line_code: str | None = None,
    under: str | None = None,
):
    rows = _line_rows(_budget(request, code, year))
    if level:
        rows = [r for r in rows if r["level"] == level]
    if indicator:
        rows = [r for r in rows if indicator in r["indicators"]]
    if source:
        rows = [r for r in rows if r["source"] == source]
    if line_code:
        rows = [r for r in rows if r["code"] == line_code]
    if under:
        rows = [r for r in rows if r["code"] == under or r["code"].startswith(under + ".")]
    return rows


@router.get(
    BUDGET + "/lines.xlsx",
    response={200: None, **ERRORS},
    summary="The line listing as XLSX (the workbook the import reads back)",
    tags=["read"],
)
def lines_xlsx(request, code: str, year: Year):
    from kinerja.budget.spreadsheet import export_lines

    unit = access.unit_for(request.user, code)
    response = HttpResponse(export_lines(unit, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="anggaran-{unit.code}-{year}.xlsx"'
    return response


class OutputIn(Schema):
    id: int
    target: str | None = None
    # period (year, q1 … q4) → value; null removes the period's value, periods left out
    # keep theirs
    realizations: dict[str, str | None] = {}


class LineIn(Schema):
    """Fields left out keep what is stored; null clears a figure."""

    name: str | None = None
    ceiling: str | None = None  # whole rupiah; lowest lines only
    source: str | None = None
    unlinked_reason: str | None = None
    indicators: list[str] | None = None  # exactly the indicators linked afterwards
    months: dict[int, str | None] | None = None  # month → spending; months left out kept
    outputs: list[OutputIn] | None = None
    reason: str = ""  # recorded in the audit trail with each change
    seen: str | None = None  # the `version` read before: refused (409) if changed since


@router.get(LINE, response={200: LineOut, **ERRORS}, summary="One budget line", tags=["read"])
def line(request, code: str, year: Year, line_id: RowId):
    return _line_out(_budget(request, code, year), line_id)


@router.put(
    LINE,
    response={200: LineOut, **ERRORS},
    summary="Change a line: description, ceiling, source, links, months, output values",
)
def save_line(request, code: str, year: Year, line_id: RowId, data: LineIn):
    budget = _budget(request, code, year, Action.BUDGET)
    given = data.model_fields_set
    problems: list = nul_problems(data.model_dump(), [])
    ceiling = _figure(["ceiling"], data.ceiling, problems, money=True)
    months = {
        month: _figure(["months", month], amount, problems, money=True)
        for month, amount in (data.months or {}).items()
    }
    outputs = []
    for index, item in enumerate(data.outputs or []):
        where = ["outputs", index]
        target = _figure([*where, "target"], item.target, problems, money=False)
        values = {
            period: _figure([*where, "realizations", period], value, problems, money=False)
            for period, value in item.realizations.items()
        }
        outputs.append((index, item, target, values))
    refuse(problems)
    with transaction.atomic():
        obj = (
            Line.objects.select_for_update()
            .select_related("budget__unit")
            .filter(budget=budget, pk=line_id)
            .first()
        )
        if obj is None:
            raise Http404
        _check_version(request, data.seen, _stored_version(obj))
        known = {o.pk: o for o in obj.outputs.all()}
        for index, item, _target, _values in outputs:
            if item.id not in known:
                problems.append(
                    {
                        "loc": ["outputs", index, "id"],
                        "msg": _("Indikator keluaran %(id)s bukan milik baris ini.")
                        % {"id": item.id},
                    }
                )
        refuse(problems)
        reason = data.reason
        try:
            if given & {"name", "ceiling", "source", "unlinked_reason"}:
                services.update_line(
                    obj,
                    user=request.user,
                    name=data.name if data.name is not None else obj.name,
                    # as the web's line page: a parent's ceiling is its children's sum
                    ceiling=ceiling
                    if "ceiling" in given
                    else (None if obj.children.exists() else obj.ceiling),
                    source=data.source if data.source is not None else obj.source,
                    unlinked_reason=(
                        data.unlinked_reason
                        if data.unlinked_reason is not None
                        else obj.unlinked_reason
                    ),
                    reason=reason,
                )
            if data.indicators is not None:
                services.set_line_indicators(
                    obj, user=request.user, codes=data.indicators, reason=reason
                )
            if data.months is not None:
                services.set_month_spending(obj, user=request.user, months=months, reason=reason)
        except ValidationError as exc:
            # (a refusal of the months as a whole has no field: set_month_spending's)
            where = {f"month_{m}": ["months", m] for m in months} | {"": ["months"]}
            raise _service_refusal(exc, where) from None
        for index, item, target, values in outputs:
            output = known[item.id]
            try:
                services.set_output_values(
                    output,
                    user=request.user,
                    target=target if "target" in item.model_fields_set else output.target,
                    realizations=values,
                    reason=reason,
                )
            except ValidationError as exc:
                where = ["outputs", index]
                raise _service_refusal(
                    exc,
                    {"target": [*where, "target"]}
                    | {f"period_{p}": [*where, "realizations", p] for p in values},
                ) from None
    return _line_out(budget, line_id)


# -- revisions ------------------------------------------------------------------------------
class RevisionIn(Schema):
    date: dt.date | None = None  # in the budget's year
    kind: str = ""
    description: str
    final_ceiling: str | None = None  # the new final ceiling the revision states


class RevisionOut(Schema):
    number: int
    date: dt.date | None
    kind: str
    description: str
    final_ceiling: str | None  # the budget's, after this revision


@router.post(
    BUDGET + "/revisions",
    response={201: RevisionOut, **ERRORS},
    summary="Record the next revision of the DIPA (or change of the DPA)",
)
def add_revision(request, code: str, year: Year, data: RevisionIn):
    budget = _budget(request, code, year, Action.BUDGET)
    problems: list = nul_problems(data.model_dump(mode="json"), [])
    final_ceiling = _figure(["final_ceiling"], data.final_ceiling, problems, money=True)
    if not data.description.strip():
        problems.append({"loc": ["description"], "msg": _("Uraian wajib diisi.")})
    if len(data.kind) > 255:
        problems.append({"loc": ["kind"], "msg": _("Jenis revisi paling banyak 255 karakter.")})
    refuse(problems)
    with transaction.atomic():
        budget = BudgetYear.objects.select_for_update().get(pk=budget.pk)
        try:
            revision = services.add_revision(
                budget,
                user=request.user,
                date=data.date,
                kind=data.kind,
                description=data.description,
                final_ceiling=final_ceiling,
            )
        except ValidationError as exc:
            raise _service_refusal(exc, {}) from None
    return Status(
        201,
        {
            "number": revision.number,
            "date": revision.date,
            "kind": revision.kind,
            "description": revision.description,
            "final_ceiling": decimal_str(budget.final_ceiling),
        },
    )


# -- PNBP -----------------------------------------------------------------------------------
PNBP = "/units/{code}/years/{year}/pnbp"


class PnbpOut(Schema):
    unit: str
    year: int
    revenue_target: str | None
    permitted_use_pct: str | None
    use_ceiling: str | None
    use_spending: str | None
    receipts: dict[str, str]  # kind of service → amount
    receipts_total: str | None
    version: str
    updated_at: dt.datetime | None


class PnbpIn(Schema):
    """Fields left out keep what is stored; null clears a figure. In ``receipts`` a
    kind set to null loses its receipt, kinds left out keep theirs."""

    revenue_target: str | None = None
    use_ceiling: str | None = None
    use_spending: str | None = None
    receipts: dict[str, str | None] = {}
    reason: str = ""
    seen: str | None = None  # the `version` read before: refused (409) if changed since


def _pnbp_state(pnbp: PnbpYear | None) -> tuple:
    if pnbp is None:
        return None, None, None, {}
    receipts = {r.category: r.amount for r in pnbp.receipts.all()}
    return pnbp.revenue_target, pnbp.use_ceiling, pnbp.use_spending, receipts


def _pnbp_version(pnbp: PnbpYear | None) -> str:
    target, ceiling, spending, receipts = _pnbp_state(pnbp)
    return _digest(
        [
            decimal_str(target),
            decimal_str(ceiling),
            decimal_str(spending),
            sorted((k, decimal_str(v)) for k, v in receipts.items()),
        ]
    )


def _pnbp_out(unit, year: int) -> dict:
    pnbp = PnbpYear.objects.filter(unit=unit, year=year).prefetch_related("receipts").first()
    if pnbp is None:
        raise Http404
    overview = selectors.pnbp_overview(unit, year)
    return {
        "unit": unit.code,
        "year": year,
        "revenue_target": decimal_str(overview.revenue_target),
        "permitted_use_pct": decimal_str(overview.permitted_use_pct),
        "use_ceiling": decimal_str(overview.use_ceiling),
        "use_spending": decimal_str(overview.use_spending),
        "receipts": {k: decimal_str(v) for k, v in sorted(overview.receipts.items())},
        "receipts_total": decimal_str(overview.receipts_total),
        "version": _pnbp_version(pnbp),
        "updated_at": pnbp.updated_at,
    }


@router.get(PNBP, response={200: PnbpOut, **ERRORS}, summary="The year's PNBP", tags=["read"])
def pnbp(request, code: str, year: Year):
    return _pnbp_out(access.unit_for(request.user, code), year)


@router.put(
    PNBP,
    response={200: PnbpOut, **ERRORS},
    summary="Set the PNBP revenue target, the ceiling and spending of its use, receipts",
)
def save_pnbp(request, code: str, year: Year, data: PnbpIn):
    unit = access.unit_for(request.user, code, Action.BUDGET)
    given = data.model_fields_set
    problems: list = nul_problems(data.model_dump(), [])
    figures = {
        f: _figure([f], getattr(data, f), problems, money=True)
        for f in ("revenue_target", "use_ceiling", "use_spending")
    }
    receipts = {
        k: _figure(["receipts", k], v, problems, money=True) for k, v in data.receipts.items()
    }
    refuse(problems)
    with transaction.atomic():
        stored = (
            PnbpYear.objects.select_for_update()
            .filter(unit=unit, year=year)
            .prefetch_related("receipts")
            .first()
        )
        _check_version(request, data.seen, _pnbp_version(stored))
        target, ceiling, spending, _receipts = _pnbp_state(stored)
        kept = {"revenue_target": target, "use_ceiling": ceiling, "use_spending": spending}
        try:
            services.update_pnbp(
                unit,
                year,
                user=request.user,
                **{f: figures[f] if f in given else kept[f] for f in figures},
                receipts=receipts,
                reason=data.reason,
            )
        except ValidationError as exc:
            raise _service_refusal(
                exc, {f"receipt_{k}": ["receipts", k] for k in receipts}
            ) from None
    return _pnbp_out(unit, year)


# -- the XLSX line listing ------------------------------------------------------------------
class LineChangeOut(Schema):
    line: str
    column: str
    old: str | None  # null: a new line
    new: str | None


class LineImportOut(Schema):
    unit: str
    year: int
    dry_run: bool
    rows: int
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    changes: list[LineChangeOut]  # the dry run's value-by-value changes (empty otherwise)


def _shown(value, amount: bool) -> str | None:
    if value is None:
        return None
    if amount or isinstance(value, Decimal):
        return decimal_str(to_decimal(value))
    return str(value)


@router.post(
    BUDGET + "/import",
    response={200: LineImportOut, **ERRORS},
    summary="Import the XLSX line listing (all rows or nothing); dry_run reports the changes",
)
def import_lines(
    request,
    code: str,
    year: Year,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    reason: Form[str] = "",
):
    from kinerja.planning.spreadsheet import MAX_UPLOAD_BYTES, check_xlsx

    unit = access.unit_for(request.user, code, Action.BUDGET)
    refuse(nul_problems(reason, ["reason"]))
    data = file.read(MAX_UPLOAD_BYTES + 1)
    problem = check_xlsx(data)
    if problem:
        raise DatasetInvalid([Problem("file", str(problem))])
    if dry_run:
        result = services.review_workbook(unit, year, data, user=request.user)
        changes = [
            {
                "line": c.code,
                "column": c.column,
                "old": _shown(c.old, c.amount),
                "new": _shown(c.new, c.amount),
            }
            for c in services.workbook_changes(unit, year, data)
        ]
    else:
        with transaction.atomic():
            result = services.import_workbook(unit, year, data, user=request.user, reason=reason)
        changes = []
    report = result.report
    return {
        "unit": unit.code,
        "year": year,
        "dry_run": result.dry_run,
        "rows": result.rows,
        "created": dict(report.created),
        "updated": dict(report.updated),
        "unchanged": dict(report.unchanged),
        "changes": changes,
    }
