"""The budget pages of a unit-year: the DIPA (or DPA) with its revisions, lines,
spending per month, output indicators, links to indicators and PNBP; line editing; and
the XLSX import with a dry run before anything is saved.

Read for every reader of the unit, written by those with Action.BUDGET (finance and
the planning team). Views stay thin: access through ``org.access``, reads from
``selectors``, writes through ``services``; changes are POST only and end in a redirect.
The pending upload of the import is kept by planning's helpers (``stash_upload``), the
same as the planning round trips."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.core.storage import StorageUnavailable
from kinerja.datasets.errors import DatasetInvalid
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.org import access
from kinerja.org.access import Action
from kinerja.planning import spreadsheet as pending
from kinerja.planning.forms import ConfirmForm, UploadForm

from . import selectors, services, spreadsheet
from .choices import Source
from .forms import MONTH_NAMES, LineForm, PnbpForm, RevisionForm
from .models import BudgetYear
from .words import budget_words

logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request, unit, year, **extra) -> dict:
    budget = BudgetYear.objects.filter(unit=unit, year=year).only("kind").first()
    return {
        "unit": unit,
        "year": year,
        "nav": "budget",
        "can_budget": access.can(request.user, Action.BUDGET, unit),
        "words": budget_words(budget.kind if budget else None),
        "month_names": MONTH_NAMES,
        **extra,
    }


@login_required
@require_GET
def overview(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    try:
        page = selectors.budget_page(unit, year)
    except selectors.BudgetUnavailable:
        page = None
    return render(
        request,
        "budget/overview.html",
        _context(
            request,
            unit,
            year,
            page=page,
            years=selectors.budget_years(unit),
            revision_form=RevisionForm(),
        ),
    )


def _line_or_404(unit, year, pk):
    line = selectors.line_of(unit, year, pk)
    if line is None:
        raise Http404
    return line


def _source_choices(budget) -> list[tuple[str, str]]:
    names = {s.code: s.name for s in budget.funding_sources.all()}
    labels = dict(Source.choices)
    return [(c, names.get(c) or labels.get(c, c)) for c in services.allowed_sources(budget)]


def _indicator_choices(line) -> list[tuple[str, str]]:
    try:
        choices = services.line_indicator_choices(line)
    except MeasuresUnavailable:
        return []
    return [(code, f"{code} – {ind.name}") for code, ind in sorted(choices.items())]


@login_required
@require_http_methods(["GET", "POST"])
def line(request, unit_code: str, year: int, pk: int):
    unit = access.unit_for(request.user, unit_code)
    obj = _line_or_404(unit, year, pk)
    writable = access.can(request.user, Action.BUDGET, unit)
    if request.method == "POST" and not writable:
        access.require(request.user, Action.BUDGET, unit)
    leaf = not obj.children.exists()
    outputs = list(obj.outputs.prefetch_related("realizations"))
    months = {m.month: m.amount for m in obj.months.all()}
    initial = {
        "name": obj.name,
        "ceiling": obj.ceiling,
        "source": obj.source,
        "unlinked_reason": obj.unlinked_reason,
        "indicators": list(obj.links.values_list("indicator__code", flat=True)),
        **{f"month_{m}": a for m, a in months.items()},
    }
    for o in outputs:
        initial[f"out{o.pk}_target"] = o.target
        for r in o.realizations.all():
            initial[f"out{o.pk}_{r.period}"] = r.value
    form = LineForm(
        request.POST or None,
        initial=initial,
        sources=_source_choices(obj.budget),
        indicators=_indicator_choices(obj),
        leaf=leaf,
        outputs=outputs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.update_line(
                    obj,
                    user=request.user,
                    name=data["name"],
                    ceiling=data.get("ceiling") if leaf else None,
                    source=data["source"],
                    unlinked_reason=data["unlinked_reason"],
                    reason=data["reason"],
                )
                services.set_line_indicators(
                    obj, user=request.user, codes=data["indicators"], reason=data["reason"]
                )
                if leaf:
                    services.set_month_spending(
                        obj, user=request.user, months=form.months(), reason=data["reason"]
                    )
                for o in outputs:
                    target, values = form.output_values(o)
                    services.set_output_values(
                        o,
                        user=request.user,
                        target=target,
                        realizations=values,
                        reason=data["reason"],
                    )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Baris %(code)s disimpan.") % {"code": obj.code})
            return redirect(f"{reverse('budget:overview', args=[unit.code, year])}#baris-{obj.pk}")
    return render(
        request,
        "budget/line.html",
        _context(request, unit, year, line=obj, form=form, leaf=leaf, writable=writable),
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["POST"])
def revision_add(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code, Action.BUDGET)
    budget = BudgetYear.objects.filter(unit=unit, year=year).first()
    if budget is None:
        raise Http404
    form = RevisionForm(request.POST)
    back = reverse("budget:overview", args=[unit.code, year])
    if form.is_valid():
        try:
            revision = services.add_revision(budget, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(what)s ke-%(number)s dicatat.")
                % {"what": budget_words(budget.kind).revision, "number": revision.number},
            )
            return redirect(f"{back}#revisi")
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(f"{back}#revisi")


@login_required
@require_http_methods(["GET", "POST"])
def pnbp(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code, Action.BUDGET)
    current = selectors.pnbp_overview(unit, year)
    initial = {}
    if current is not None:
        initial = {
            "revenue_target": current.revenue_target,
            "use_ceiling": current.use_ceiling,
            "use_spending": current.use_spending,
            **{f"receipt_{k}": v for k, v in current.receipts.items()},
        }
    form = PnbpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_pnbp(
                unit,
                year,
                user=request.user,
                revenue_target=data["revenue_target"],
                use_ceiling=data["use_ceiling"],
                use_spending=data["use_spending"],
                receipts=form.receipts(),
                reason=data["reason"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("PNBP %(year)s disimpan.") % {"year": year})
            return redirect(f"{reverse('budget:overview', args=[unit.code, year])}#pnbp")
    return render(request, "budget/pnbp.html", _context(request, unit, year, form=form))


# ======================================================================================
# XLSX: download, upload, dry run, confirm
# ======================================================================================
def _purpose(unit, year) -> str:
    return f"budget:{unit.code}:{year}"


@login_required
@require_GET
def xlsx(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    response = HttpResponse(spreadsheet.export_lines(unit, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="anggaran-{unit.code}-{year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code, Action.BUDGET)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = pending.stash_upload(
                request.session,
                purpose=_purpose(unit, year),
                data=form.content,
                filename=form.cleaned_data["file"].name,
            )
        except StorageUnavailable as exc:
            logger.error("budget upload: %s", exc)
            form.add_error("file", exc.page_message())
        else:
            return redirect("budget:review", unit.code, year, token)
    return render(request, "budget/upload.html", _context(request, unit, year, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def review(request, unit_code: str, year: int, token: str):
    unit = access.unit_for(request.user, unit_code, Action.BUDGET)
    upload_url = reverse("budget:upload", args=[unit.code, year])
    try:
        stashed = pending.fetch_upload(request.session, token, purpose=_purpose(unit, year))
    except StorageUnavailable as exc:
        logger.error("budget upload: %s", exc)
        messages.error(request, exc.page_message())
        return redirect(upload_url)
    if stashed is None:
        messages.error(
            request, _("Unggahan tidak ditemukan atau sudah kedaluwarsa; unggah berkasnya lagi.")
        )
        return redirect(upload_url)
    form = ConfirmForm(request.POST or None, reason_required=False)
    result, problems, unavailable, changes = None, [], None, []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_workbook(
                unit, year, stashed.data, user=request.user, reason=form.cleaned_data["reason"]
            )
        except DatasetInvalid as exc:
            problems = exc.problems  # the data changed since the dry run: show why
        except MeasuresUnavailable as exc:
            unavailable = str(exc)
        else:
            pending.discard_upload(request.session, token)
            report = result.report
            messages.success(
                request,
                _(
                    "%(rows)s baris dari %(file)s disimpan: %(created)s baru, "
                    "%(updated)s diubah, %(unchanged)s tetap."
                )
                % {
                    "rows": result.rows,
                    "file": stashed.filename,
                    "created": report.created["line"],
                    "updated": report.updated["line"],
                    "unchanged": report.unchanged["line"],
                },
            )
            return redirect("budget:overview", unit.code, year)
    if result is None and not problems and unavailable is None:
        try:
            result = services.review_workbook(unit, year, stashed.data, user=request.user)
            changes = services.workbook_changes(unit, year, stashed.data)
        except DatasetInvalid as exc:
            problems = exc.problems
        except MeasuresUnavailable as exc:
            unavailable = str(exc)
    return render(
        request,
        "budget/review.html",
        _context(
            request,
            unit,
            year,
            form=form,
            result=result,
            problems=problems,
            unavailable=unavailable,
            changes=changes,
            filename=stashed.filename,
            upload_url=upload_url,
            confirm_url=reverse("budget:review", args=[unit.code, year, token]),
        ),
    )
