"""The jobs pages: the user's jobs (or a unit's), one job with its progress polled by
htmx, the result's download, cancelling, and the batch button of the parent view.
Rights: jobs.selectors (org/access.py underneath)."""

from __future__ import annotations

import logging
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.org.access import Action, unit_for
from kinerja.reports.selectors import DOCUMENTS

from . import selectors, services
from .choices import JobKind
from .models import Job

logger = logging.getLogger(__name__)

BATCH_FORMATS = ("pdf", "docx", "xlsx")
# htmx polls a job that has not finished this often (seconds).
POLL_SECONDS = 2


def _job_or_404(user, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("unit", "requested_by"), pk=pk)
    if not selectors.may_read(user, job):
        raise Http404  # its existence does not leak
    return job


@login_required
def job_list(request, unit_code: str | None = None):
    unit = unit_for(request.user, unit_code) if unit_code else None
    jobs = selectors.jobs_for(request.user, unit)
    context = {"jobs": jobs, "job_unit": unit, "poll": POLL_SECONDS}
    context["polling"] = any(not job.finished for job in jobs)
    if request.htmx:
        return render(request, "jobs/_job_rows.html", context)
    return render(request, "jobs/list.html", context)


@login_required
def job_detail(request, pk: int):
    job = _job_or_404(request.user, pk)
    context = {
        "job": job,
        "poll": POLL_SECONDS,
        "may_cancel": not job.finished and selectors.may_request(request.user, job.kind, job.unit),
    }
    if request.htmx:
        return render(request, "jobs/_job_status.html", context)
    return render(request, "jobs/detail.html", context)


@login_required
def job_download(request, pk: int):
    job = _job_or_404(request.user, pk)
    if not job.result_file or not default_storage.exists(job.result_file):
        raise Http404
    name = PurePosixPath(job.result_file).name
    return FileResponse(
        default_storage.open(job.result_file, "rb"), as_attachment=True, filename=name
    )


@login_required
@require_POST
def job_cancel(request, pk: int):
    job = _job_or_404(request.user, pk)
    if not selectors.may_request(request.user, job.kind, job.unit):
        raise Http404
    if services.cancel_job(job):
        messages.success(request, _("Pekerjaan dibatalkan."))
    else:
        messages.info(request, _("Pekerjaan sudah berakhir."))
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def batch(request, unit_code: str, year: int):
    """Every report of one kind for every unit below ``unit_code``, as one job."""
    parent = unit_for(request.user, unit_code, Action.REVIEW)
    document = request.POST.get("document", "lakin")
    fmt = request.POST.get("format", "pdf")
    back = reverse("dashboard:parent", args=[parent.code, year])
    if document not in {spec.slug for spec in DOCUMENTS} or fmt not in BATCH_FORMATS:
        messages.error(request, _("Jenis dokumen atau format tidak dikenal."))
        return redirect(back)
    units = selectors.batch_units(parent, year)
    if not units:
        messages.error(
            request,
            _("Belum ada unit di bawah dengan Perjanjian Kinerja tahun %(year)s.") % {"year": year},
        )
        return redirect(back)
    try:
        job = services.request_job(
            JobKind.BATCH,
            parent,
            year,
            user=request.user,
            unit_codes=[u.code for u in units],
            parameters={"document": document, "format": fmt},
        )
    except services.BackgroundUnavailable as exc:
        messages.error(request, exc.user_message)
        return redirect(back)
    messages.success(
        request,
        _("Pekerjaan dimasukkan ke antrean: %(n)s laporan.") % {"n": len(units)},
    )
    return redirect("jobs:detail", pk=job.pk)
