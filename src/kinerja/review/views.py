"""The reports page's review: upload a hand-made report, see what does not follow (or
download the review document). The file is read in memory and never stored."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.org import access

from .compare import known_figures
from .extract import CONTENT_TYPES, ReviewError
from .forms import ReviewForm
from .model import Severity
from .output import KIND_LABELS, SEVERITY_LABELS, review_document
from .output import render as render_document
from .services import review_file

logger = logging.getLogger(__name__)
CSS = {Severity.ERROR: "status-not-achieved", Severity.WARNING: "status-partial"}


@login_required
@require_http_methods(["GET", "POST"])
def review(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    context = {"unit": unit, "year": year, "nav": "reports", "review": None, "error": ""}
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name, data = form.cleaned_data["file"]
        known = None
        if form.cleaned_data["compare"]:
            try:
                known = known_figures(unit, year)
            except MeasuresUnavailable as exc:
                context["error"] = str(exc)
        try:
            result = review_file(data, name, known=known)
        except ReviewError as exc:
            form.add_error("file", str(exc))
        except Exception:  # a reader's bug must not take the page down
            logger.exception("review of %s failed", name)
            form.add_error("file", "Berkas tidak dapat dibaca.")
        else:
            fmt = form.cleaned_data["output"]
            if fmt in ("docx", "pdf"):
                content = render_document(review_document(result, unit.name, year), fmt)
                response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
                response["Content-Disposition"] = content_disposition_header(
                    True, f"reviu-{unit.code}-{year}.{fmt}"
                )
                return response
            context["review"] = result
            context["rows"] = [
                {
                    "f": f,
                    "css": CSS[f.severity],
                    "severity": gettext(SEVERITY_LABELS[f.severity]),
                    "kind": gettext(KIND_LABELS[f.kind]),
                }
                for f in result.findings
            ]
    context["form"] = form
    return render(request, "review/review.html", context)
