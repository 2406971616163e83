"""The planning screens: the unit's Renstra, Perjanjian Kinerja and Rencana Aksi, the
agreement revision cycle and the XLSX round trip of targets and realizations.

Views stay thin: access through ``org.access.unit_for`` (404 for a unit the user may not
read, 403 for an action they may not take), reads from ``selectors``, writes through
``services``. Changes are POST only; each ends in a redirect.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.core.storage import StorageUnavailable
from kinerja.jobs.choices import JobKind
from kinerja.org import access
from kinerja.org.access import Action
from kinerja.org.selectors import latest_year

from . import selectors, services, spreadsheet
from .choices import VersionContent
from .forms import ConfirmForm, DraftForm, RevisionForm, SignForm, UploadForm

logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request, unit, year: int | None = None, **extra) -> dict:
    return {
        "unit": unit,
        "year": year or latest_year(unit),
        "nav": "planning",
        "can_plan": access.can(request.user, Action.PLAN, unit),
        "can_sign": access.can(request.user, Action.FINALIZE, unit),
        **extra,
    }


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _perkin_downloads(unit, year: int) -> list[tuple[str, str]]:
    """Links to the Perkin document (the version in force) as the reports app builds it;
    empty when that page is not installed. The document is the reports app's, not ours."""
    links = []
    for fmt, label in (("pdf", "PDF"), ("docx", "DOCX")):
        try:
            links.append(
                (label, reverse("reports:download", args=[unit.code, year, "perkin", fmt]))
            )
        except NoReverseMatch:
            return []
    return links


# ======================================================================================
# Reading
# ======================================================================================
@login_required
@require_GET
def overview(request, unit_code: str):
    unit = access.unit_for(request.user, unit_code)
    return render(
        request,
        "planning/overview.html",
        _context(request, unit, overview=selectors.overview(unit)),
    )


def _version_or_404(unit, version_id: int):
    version = selectors.plan_version(unit, version_id)
    if version is None:
        raise Http404
    return version


@login_required
@require_GET
def plan_version(request, unit_code: str, version_id: int):
    unit = access.unit_for(request.user, unit_code)
    version = _version_or_404(unit, version_id)
    detail = selectors.version_detail(version)
    compare_id = _int_param(request, "banding")
    compare, diff = None, None
    if compare_id is not None:
        compare = next((v for v in detail.others if v.pk == compare_id), None)
        if compare is None:
            raise Http404
        if compare.content == VersionContent.RECORDED and version.content == (
            VersionContent.RECORDED
        ):
            older, newer = sorted((compare, version), key=lambda v: v.number)
            diff = selectors.diff_plan_versions(
                selectors.snapshot(older), selectors.snapshot(newer)
            )
    return render(
        request,
        "planning/plan_version.html",
        _context(
            request,
            unit,
            detail=detail,
            version=version,
            compare=compare,
            diff=diff,
            read_only_reason=selectors.targets_read_only_reason(version),
        ),
    )


@login_required
@require_GET
def indicator(request, unit_code: str, pk: int):
    unit = access.unit_for(request.user, unit_code)
    ind = selectors.indicator(unit, pk)
    if ind is None:
        raise Http404
    return render(
        request,
        "planning/indicator.html",
        _context(request, unit, detail=selectors.indicator_detail(ind)),
    )


def _agreement_or_404(unit, year: int):
    obj = selectors.agreement(unit, year)
    if obj is None:
        raise Http404
    return obj


@login_required
@require_GET
def agreement(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    obj = _agreement_or_404(unit, year)
    detail = selectors.agreement_detail(obj, _int_param(request, "versi"))
    if detail is None:
        raise Http404
    return render(
        request,
        "planning/agreement.html",
        _context(
            request,
            unit,
            year,
            detail=detail,
            perkin_downloads=_perkin_downloads(unit, year),
            realizations_ready=bool(services.realization_indicators(unit, year)),
        ),
    )


@login_required
@require_GET
def action_plan(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    return render(
        request,
        "planning/action_plan.html",
        _context(request, unit, year, blocks=selectors.action_plan_blocks(unit, year)),
    )


# ======================================================================================
# Perjanjian Kinerja: revision, draft, signature
# ======================================================================================
@login_required
@require_http_methods(["GET", "POST"])
def agreement_revise(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code, Action.PLAN)
    obj = _agreement_or_404(unit, year)
    if selectors.open_draft(obj) is not None:
        messages.info(request, _("Sudah ada draf perubahan; lanjutkan draf itu."))
        return redirect("planning:agreement_draft", unit.code, year)
    form = RevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.start_revision(
                obj, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Draf versi %(number)s dibuat dari versi yang ditandatangani.")
                % {"number": draft.number},
            )
            return redirect("planning:agreement_draft", unit.code, year)
    return render(
        request,
        "planning/agreement_revise.html",
        _context(request, unit, year, agreement=obj, form=form, in_force=obj.version_in_force()),
    )


def _open_draft(request, obj):
    draft = selectors.open_draft(obj)
    if draft is None:
        messages.info(request, _("Tidak ada draf yang sedang disiapkan."))
    return draft


@login_required
@require_http_methods(["GET", "POST"])
def agreement_draft(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code, Action.PLAN)
    obj = _agreement_or_404(unit, year)
    draft = _open_draft(request, obj)
    if draft is None:
        return redirect("planning:agreement", unit.code, year)
    form = DraftForm(request.POST or None, version=draft, items=selectors.agreement_items(draft))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_draft(
                draft,
                user=request.user,
                targets=form.targets(),
                signatory=form.cleaned_data["signatory"],
                superior=form.cleaned_data["superior"],
                signatory_nip=form.cleaned_data["signatory_nip"],
                superior_nip=form.cleaned_data["superior_nip"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Draf disimpan; %(count)s target diubah.",
                    "Draf disimpan; %(count)s target diubah.",
                    changed,
                )
                % {"count": changed},
            )
            url = reverse("planning:agreement", args=[unit.code, year])
            return redirect(f"{url}?versi={draft.number}")
    return render(
        request,
        "planning/agreement_draft.html",
        _context(request, unit, year, agreement=obj, draft=draft, form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_sign(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code, Action.FINALIZE)
    obj = _agreement_or_404(unit, year)
    draft = _open_draft(request, obj)
    if draft is None:
        return redirect("planning:agreement", unit.code, year)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_draft(
                draft,
                user=request.user,
                signed_on=form.cleaned_data["signed_on"],
                signed_place=form.cleaned_data["signed_place"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Versi %(number)s ditandatangani dan kini berlaku.") % {"number": draft.number},
            )
            return redirect("planning:agreement", unit.code, year)
    detail = selectors.agreement_detail(obj, draft.number)
    return render(
        request,
        "planning/agreement_sign.html",
        _context(request, unit, year, agreement=obj, draft=draft, form=form, detail=detail),
    )


# ======================================================================================
# XLSX round trip: download, upload, dry run, confirm
# ======================================================================================
@dataclass
class _RoundTrip:
    """What differs between the targets and the realizations round trip."""

    purpose: str  # ties a pending upload to its page
    title: str
    download_url: str
    upload_url: str
    back_url: str
    review_name: str
    review_args: list
    read_only: str | None  # why writing is refused, or None
    reason_required: bool
    review: Callable[[bytes], services.ImportReview]
    apply: Callable[..., services.ImportReview]
    # The background job that applies a confirmed upload (None: applied in the request).
    job_kind: str | None = None

    def review_url(self, token: str) -> str:
        return reverse(self.review_name, args=[*self.review_args, token])


def _targets_round(unit, version) -> _RoundTrip:
    args = [unit.code, version.pk]
    return _RoundTrip(
        purpose=f"targets:{unit.code}:{version.pk}",
        title=_("Target Renstra versi %(number)s") % {"number": version.number},
        download_url=reverse("planning:targets_xlsx", args=args),
        upload_url=reverse("planning:targets_upload", args=args),
        back_url=reverse("planning:plan_version", args=args),
        review_name="planning:targets_review",
        review_args=args,
        read_only=selectors.targets_read_only_reason(version),
        reason_required=True,
        review=lambda data: services.review_targets(version, data),
        apply=lambda data, user, reason: services.apply_targets(
            version, data, user=user, reason=reason
        ),
    )


def _realizations_round(unit, year: int) -> _RoundTrip:
    args = [unit.code, year]
    return _RoundTrip(
        purpose=f"realizations:{unit.code}:{year}",
        title=_("Realisasi %(year)s") % {"year": year},
        download_url=reverse("planning:realizations_xlsx", args=args),
        upload_url=reverse("planning:realizations_upload", args=args),
        back_url=reverse("planning:agreement", args=args),
        review_name="planning:realizations_review",
        review_args=args,
        read_only=None,
        reason_required=False,
        review=lambda data: services.review_realizations(unit, year, data),
        apply=lambda data, user, reason: services.apply_realizations(
            unit, year, data, user=user, reason=reason
        ),
        job_kind=JobKind.IMPORT_REALIZATIONS,
    )


def _upload(request, unit, year, trip: _RoundTrip):
    if request.method == "POST" and trip.read_only:
        messages.error(request, trip.read_only)
        return redirect(trip.back_url)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = spreadsheet.stash_upload(
                request.session,
                purpose=trip.purpose,
                data=form.content,
                filename=form.cleaned_data["file"].name,
            )
        except StorageUnavailable as exc:
            logger.error("planning upload: %s", exc)
            form.add_error("file", exc.page_message())
        else:
            return redirect(trip.review_url(token))
    return render(
        request,
        "planning/upload.html",
        _context(request, unit, year, trip=trip, form=form),
    )


def _review(request, unit, year, trip: _RoundTrip, token: str):
    try:
        pending = spreadsheet.fetch_upload(request.session, token, purpose=trip.purpose)
    except StorageUnavailable as exc:
        logger.error("planning upload: %s", exc)
        messages.error(request, exc.page_message())
        return redirect(trip.upload_url)
    if pending is None:
        messages.error(
            request, _("Unggahan tidak ditemukan atau sudah kedaluwarsa; unggah berkasnya lagi.")
        )
        return redirect(trip.upload_url)
    if request.method == "POST" and trip.read_only:
        spreadsheet.discard_upload(request.session, token)
        messages.error(request, trip.read_only)
        return redirect(trip.back_url)
    form = ConfirmForm(request.POST or None, reason_required=trip.reason_required)
    review = None
    if request.method == "POST" and form.is_valid() and trip.job_kind:
        # Judged again now (cheap, read-only): a file with problems is shown, not queued.
        review = trip.review(pending.data)
        if review.ok:
            response = _queue_import(request, unit, year, trip, pending, form)
            if response is not None:
                return response
    elif request.method == "POST" and form.is_valid():
        try:
            review = trip.apply(pending.data, request.user, form.cleaned_data["reason"])
        except services.ImportRefused as exc:
            review = exc.review  # the data changed since the dry run: show why
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            spreadsheet.discard_upload(request.session, token)
            count = len(review.changes)
            messages.success(
                request,
                ngettext(
                    "%(count)s nilai dari %(file)s disimpan.",
                    "%(count)s nilai dari %(file)s disimpan.",
                    count,
                )
                % {"count": count, "file": pending.filename},
            )
            return redirect(trip.back_url)
    if review is None:
        review = trip.review(pending.data)
    return render(
        request,
        "planning/review.html",
        _context(
            request,
            unit,
            year,
            trip=trip,
            form=form,
            review=review,
            filename=pending.filename,
            confirm_url=trip.review_url(token),
        ),
    )


def _queue_import(request, unit, year, trip: _RoundTrip, pending, form):
    """Hand the confirmed upload to a background job (the writes and the recomputation
    of the formula indicators run there) and show the job's page; None with the broker
    down (the page says so, the upload stays pending, nothing is recorded)."""
    from kinerja.jobs import services as jobs

    try:
        job = jobs.request_job(
            trip.job_kind,
            unit,
            year,
            user=request.user,
            parameters={
                "upload": spreadsheet.pending_name(pending.token),
                "pending": True,
                "filename": pending.filename,
                "reason": form.cleaned_data["reason"],
            },
        )
    except jobs.BackgroundUnavailable as exc:
        form.add_error(None, exc.user_message)
        return None
    spreadsheet.hand_over_upload(request.session, pending.token)
    messages.success(
        request,
        _("%(file)s dimasukkan ke antrean untuk disimpan.") % {"file": pending.filename},
    )
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_GET
def targets_xlsx(request, unit_code: str, version_id: int):
    unit = access.unit_for(request.user, unit_code)
    version = _version_or_404(unit, version_id)
    indicators = version.indicators.prefetch_related("targets").order_by("position", "code")
    data = spreadsheet.export_targets(version, indicators)
    return _xlsx(data, f"target-{unit.code}-{version.plan.code}-v{version.number}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def targets_upload(request, unit_code: str, version_id: int):
    unit = access.unit_for(request.user, unit_code, Action.PLAN)
    version = _version_or_404(unit, version_id)
    return _upload(request, unit, None, _targets_round(unit, version))


@login_required
@require_http_methods(["GET", "POST"])
def targets_review(request, unit_code: str, version_id: int, token: str):
    unit = access.unit_for(request.user, unit_code, Action.PLAN)
    version = _version_or_404(unit, version_id)
    return _review(request, unit, None, _targets_round(unit, version), token)


def _year_with_agreement(unit, year: int) -> int:
    if not services.realization_indicators(unit, year):
        raise Http404
    return year


@login_required
@require_GET
def realizations_xlsx(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    _year_with_agreement(unit, year)
    return _xlsx(services.export_realizations(unit, year), f"realisasi-{unit.code}-{year}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def realizations_upload(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code, Action.PLAN)
    _year_with_agreement(unit, year)
    return _upload(request, unit, year, _realizations_round(unit, year))


@login_required
@require_http_methods(["GET", "POST"])
def realizations_review(request, unit_code: str, year: int, token: str):
    unit = access.unit_for(request.user, unit_code, Action.PLAN)
    _year_with_agreement(unit, year)
    return _review(request, unit, year, _realizations_round(unit, year), token)
