"""Report pages: downloads of the unit's documents, the consistency findings, the final
versions (issue, download, what changed since), the narratives, and the public
transparency pages (no login; published data only)."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core.numbers import format_id
from kinerja.core.replica import reads_from_replica
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.org import access
from kinerja.org import services as org_services
from kinerja.org.access import Action
from kinerja.org.models import Unit, UnitImage, UnitLogo
from kinerja.planning.models import Agreement

from . import finals, selectors, services
from .checks import ChecksUnavailable, Severity, consistency_report
from .forms import FinalizeForm, ImageForm, LogoForm, NarrativeForm
from .perkin import AgreementUnavailable
from .render.pdf import TypesetError

logger = logging.getLogger(__name__)

SEVERITY = {
    Severity.ERROR: ("status-not-achieved", gettext_lazy("Kesalahan")),
    Severity.WARNING: ("status-partial", gettext_lazy("Perlu diperiksa")),
}
CHANGES_SHOWN = 10  # lines of "what changed" on the overview; the rest on the version page


def _attachment(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=selectors.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(content))
    return response


def _stored_attachment(file, filename: str, fmt: str) -> FileResponse:
    """A final report's file, streamed from the file storage (core/storage.py)."""
    try:
        handle = file.file.open("rb")
    except FileNotFoundError:
        logger.error("final report file %s is missing from the storage", file.file.name)
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=selectors.CONTENT_TYPES[fmt]
    )


def _finding_value(value) -> str:
    """A finding's figure with the places the check gave it (18,33; 366,60)."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return format_id(value, max(0, -exponent) if isinstance(exponent, int) else 0)
    return "–" if value is None else str(value)


def _findings(unit: Unit, year: int):
    try:
        report = consistency_report(unit, year)
    except ChecksUnavailable:
        return None
    rows = [
        {
            "css": SEVERITY[f.severity][0],
            "severity": SEVERITY[f.severity][1],
            "where": f.where,
            "message": f.message,
            "found": _finding_value(f.found),
            "expected": _finding_value(f.expected),
        }
        for f in report.findings
    ]
    return {
        "rows": rows,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "skipped": report.skipped,
    }


def _index(
    request,
    unit: Unit,
    year: int,
    form: FinalizeForm | None = None,
    logo_form: LogoForm | None = None,
):
    has_agreement = Agreement.objects.filter(unit=unit, year=year).exists()
    may_finalize = access.can(request.user, Action.FINALIZE, unit)
    if form is None and may_finalize and has_agreement:
        form = FinalizeForm(unit=unit, year=year)
    rows = selectors.final_rows(unit, year)
    context = {
        "unit": unit,
        "year": year,
        "nav": "reports",
        "has_agreement": has_agreement,
        "agreement_years": selectors.agreement_years(unit),
        "documents": selectors.DOCUMENTS,
        "formats": [(f, selectors.FORMAT_LABELS[f]) for f in selectors.FORMATS],
        "findings": _findings(unit, year),
        "finals": rows,
        "changes_shown": CHANGES_SHOWN,
        "may_finalize": may_finalize,
        "may_write": access.can(request.user, Action.REPORT, unit),
        "form": form,
        "logo_form": logo_form or LogoForm(),
        "logo": UnitLogo.objects.filter(unit=unit).first(),
    }
    return render(request, "reports/web/index.html", context)


@login_required
@require_GET
def index(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    return _index(request, unit, year)


@login_required
@require_GET
def download(request, unit_code: str, year: int, document: str, fmt: str):
    """A report built now from today's data (not a final version)."""
    unit = access.unit_for(request.user, unit_code)
    spec = selectors.document_spec(document)
    if spec is None or fmt not in selectors.FORMATS:
        raise Http404
    try:
        content, filename, _type = services.build_file(unit, year, spec, fmt)
    except (MeasuresUnavailable, AgreementUnavailable):
        messages.error(request, _("Unit ini tidak memiliki Perjanjian Kinerja untuk tahun ini."))
        return redirect("reports:index", unit.code, year)
    except (ImportError, AttributeError):
        messages.error(
            request,
            _("Format %(format)s tidak tersedia di server ini.")
            % {"format": selectors.FORMAT_LABELS[fmt]},
        )
        return redirect("reports:index", unit.code, year)
    except TypesetError as exc:
        logger.error("%s", exc)
        messages.error(request, _typeset_failed(exc))
        return redirect("reports:index", unit.code, year)
    return _attachment(content, filename, fmt)


def _typeset_failed(exc: TypesetError) -> str:
    return _(
        'PDF tidak dapat disusun (bagian "%(section)s"): %(message)s. Tidak ada berkas '
        "yang disimpan; beri tahu administrator."
    ) % {"section": exc.section or "–", "message": exc.message}


def _queue(request, kind: str, unit: Unit, year: int, parameters: dict, queued: str):
    """Record the job and queue it (jobs/services.py), then show its page, which polls
    its progress and offers the result; with the broker down, say so on the reports page
    and record nothing."""
    from kinerja.jobs import services as jobs

    try:
        job = jobs.request_job(kind, unit, year, user=request.user, parameters=parameters)
    except jobs.BackgroundUnavailable as exc:
        messages.error(request, exc.user_message)
        return None
    messages.success(request, queued)
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def render_job(request, unit_code: str, year: int, document: str, fmt: str):
    """A report built from today's data by a background job (the reports page's buttons);
    the job's page offers the file when it is ready."""
    from kinerja.jobs.choices import JobKind

    unit = access.unit_for(request.user, unit_code)
    spec = selectors.document_spec(document)
    if spec is None or fmt not in selectors.FORMATS:
        raise Http404
    response = _queue(
        request,
        JobKind.RENDER,
        unit,
        year,
        {"document": spec.slug, "format": fmt},
        _("%(document)s (%(format)s) sedang disusun.")
        % {"document": spec.label_for(unit), "format": selectors.FORMAT_LABELS[fmt]},
    )
    return response or redirect(reverse("reports:index", args=[unit.code, year]) + "#unduh")


@login_required
@require_POST
def finalize(request, unit_code: str, year: int):
    """Issue a final version: the form is checked here (a reason when one is due, a signed
    Perjanjian Kinerja), the typesetting and storing run in a background job."""
    from kinerja.jobs.choices import JobKind

    unit = access.unit_for(request.user, unit_code, Action.FINALIZE)
    form = FinalizeForm(request.POST, unit=unit, year=year)
    if form.is_valid():
        spec = form.spec
        response = _queue(
            request,
            JobKind.FINALIZE,
            unit,
            year,
            {
                "document": spec.slug,
                "reason": form.cleaned_data["reason"],
                "show_findings": form.cleaned_data["show_findings"],
            },
            _("Penerbitan %(document)s sebagai versi final dimasukkan ke antrean.")
            % {"document": spec.label_for(unit)},
        )
        if response is not None:
            return response
    return _index(request, unit, year, form)


@login_required
@require_POST
def logo_upload(request, unit_code: str, year: int):
    """The unit's logo for the cover of its reports (planner, head)."""
    unit = access.unit_for(request.user, unit_code, Action.REPORT)
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            org_services.set_logo(unit, request.user, form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.message_dict.get("file", []):
                form.add_error("file", message)
        else:
            messages.success(request, _("Logo unit disimpan; laporan berikutnya memuatnya."))
            return redirect(reverse("reports:index", args=[unit.code, year]) + "#logo")
    return _index(request, unit, year, logo_form=form)


@login_required
def images(request, unit_code: str, year: int):
    """The images attached to the year's report (certificates, activity photos,
    screenshots): the list, the upload form and a delete button each (planner, head)."""
    unit = access.unit_for(request.user, unit_code, Action.REPORT)
    form = ImageForm()
    if request.method == "POST":
        form = ImageForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                org_services.add_image(
                    unit,
                    request.user,
                    year=year,
                    placement=data["placement"],
                    caption=data["caption"],
                    uploaded_file=data["file"],
                    indicator_code=data["indicator_code"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Gambar disimpan; laporan berikutnya memuatnya."))
                return redirect("reports:images", unit.code, year)
    context = {
        "unit": unit,
        "year": year,
        "nav": "reports",
        "form": form,
        "images": UnitImage.objects.filter(unit=unit, year=year),
    }
    return render(request, "reports/web/images.html", context)


@login_required
@require_POST
def image_delete(request, unit_code: str, year: int, pk: int):
    unit = access.unit_for(request.user, unit_code, Action.REPORT)
    image = get_object_or_404(UnitImage, pk=pk, unit=unit, year=year)
    org_services.delete_image(image, request.user)
    messages.success(request, _("Gambar dihapus."))
    return redirect("reports:images", unit.code, year)


def _final_or_404(user, unit_code: str, year: int, pk: int):
    unit = access.unit_for(user, unit_code)
    report = selectors.final_report(unit, year, pk)
    if report is None:
        raise Http404
    return unit, report


@login_required
@require_GET
def final_detail(request, unit_code: str, year: int, pk: int):
    unit, report = _final_or_404(request.user, unit_code, year, pk)
    try:
        changes = finals.changes_since(report)
    except finals.FinalizeError:
        changes = None
    context = {
        "unit": unit,
        "year": year,
        "nav": "reports",
        "report": report,
        "spec": selectors.spec_of(report),
        "formats": [f.format for f in report.files.all()],
        "changes": changes,
        "findings": report.findings,
    }
    return render(request, "reports/web/final_detail.html", context)


@login_required
@require_GET
def final_file(request, unit_code: str, year: int, pk: int, fmt: str):
    """A stored file of a final version, byte for byte as issued."""
    unit, report = _final_or_404(request.user, unit_code, year, pk)
    file = selectors.final_file(report, fmt)
    if file is None:
        raise Http404
    name = selectors.spec_of(report).basename(unit.code, year)
    return _stored_attachment(file, f"{name}-v{report.version}.{fmt}", fmt)


# -- narratives -------------------------------------------------------------------------
@login_required
@require_GET
def narratives(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    has_agreement = Agreement.objects.filter(unit=unit, year=year).exists()
    report_slots, per_indicator = (
        selectors.narrative_slots(unit, year) if has_agreement else ([], [])
    )
    context = {
        "unit": unit,
        "year": year,
        "nav": "reports",
        "has_agreement": has_agreement,
        "agreement_years": selectors.agreement_years(unit),
        "report_slots": report_slots,
        "per_indicator": per_indicator,
        "may_write": access.can(request.user, Action.REPORT, unit),
    }
    return render(request, "reports/web/narratives.html", context)


def _slot_target(unit: Unit, year: int, kind: str, indicator_code: str | None):
    """The indicator (or None) and kind of an editable slot; 404 for anything the LAKIN
    has no slot for."""
    if not Agreement.objects.filter(unit=unit, year=year).exists():
        raise Http404
    if indicator_code is None:
        if kind not in selectors.REPORT_NARRATIVES:
            raise Http404
        return None
    if kind not in selectors.indicator_narrative_kinds():
        raise Http404
    indicator = next(
        (i for i in selectors.agreement_indicators(unit, year) if i.code == indicator_code), None
    )
    if indicator is None:
        raise Http404
    return indicator


@login_required
@require_http_methods(["GET", "POST"])
def narrative_edit(request, unit_code: str, year: int, kind: str, indicator_code=None):
    unit = access.unit_for(request.user, unit_code, Action.REPORT)
    indicator = _slot_target(unit, year, kind, indicator_code)
    slot = selectors.narrative_slot(unit, year, kind, indicator)
    list_url = reverse("reports:narratives", args=[unit.code, year]) + f"#{slot.anchor}"
    edit_url = request.path
    partial = bool(getattr(request, "htmx", False))

    if request.method == "GET" and partial and "tampil" in request.GET:
        return _slot_partial(request, unit, year, slot, edit_url)

    if request.method == "POST":
        form = NarrativeForm(request.POST)
        saved = False
        if form.is_valid():
            text = "" if request.POST.get("action") == "clear" else form.cleaned_data["text"]
            try:
                saved = services.save_narrative(unit, year, kind, indicator, text, request.user)
            except ValidationError as exc:  # too long (core.text): shown on the field
                form.add_error(None, exc)
        if form.is_valid():
            if saved is None:
                message = _("Narasi dikosongkan; laporan memakai teks yang dibuat kinerja.")
            else:
                message = _("Narasi disimpan.")
            if partial:
                slot = selectors.narrative_slot(unit, year, kind, indicator)
                return _slot_partial(request, unit, year, slot, edit_url, message)
            messages.success(request, message)
            return redirect(list_url)
    else:
        initial = slot.stored.text if slot.stored else ""
        if not initial and request.GET.get("mulai") == "teks-buatan":
            initial = slot.generated
        form = NarrativeForm(initial={"text": initial})
    context = {
        "unit": unit,
        "year": year,
        "nav": "reports",
        "slot": slot,
        "form": form,
        "edit_url": edit_url,
        "list_url": list_url,
        "inline": partial,  # htmx attributes only where the list holds the target
    }
    template = "reports/web/_narrative_form.html" if partial else "reports/web/narrative_edit.html"
    return render(request, template, context)


def _slot_partial(request, unit, year, slot, edit_url, message=""):
    return render(
        request,
        "reports/web/_narrative_item.html",
        {
            "unit": unit,
            "year": year,
            "slot": slot,
            "edit_url": edit_url,
            "may_write": True,
            "level": 4 if slot.indicator else 3,
            "message": message,
        },
    )


# -- public pages (no login) ------------------------------------------------------------
@require_GET
@reads_from_replica
def public_index(request):
    return render(request, "reports/web/public_index.html", {"units": selectors.published_units()})


@require_GET
@reads_from_replica
def public_unit(request, unit_code: str):
    shown = get_object_or_404(Unit, code=unit_code)
    context = {
        "shown_unit": shown,
        "years": selectors.public_years(shown),
        "formats": selectors.FORMAT_LABELS,
    }
    return render(request, "reports/web/public_unit.html", context)


@require_GET
@reads_from_replica
def public_file(request, unit_code: str, pk: int, fmt: str):
    shown = get_object_or_404(Unit, code=unit_code)
    file = selectors.public_file(shown, pk, fmt)
    if file is None:
        raise Http404
    report = file.report
    name = finals.basename(report.kind, shown.code, report.year, report.period)
    return _stored_attachment(file, f"{name}-v{report.version}.{fmt}", fmt)
