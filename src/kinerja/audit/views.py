"""The audit pages of a unit: the log with filters, one change, and the CSV export.
Reading the trail is part of reading the unit's data (Action.VIEW)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kinerja.org.access import Action, unit_for
from kinerja.org.selectors import latest_year

from . import selectors
from .export import csv_lines
from .forms import ChangeFilterForm
from .models import Change

PAGE_SIZE = 50


def _context(unit, **extra):
    return {"unit": unit, "nav": "audit", "year": latest_year(unit), **extra}


@login_required
@require_GET
def unit_log(request, unit_code):
    unit = unit_for(request.user, unit_code, Action.VIEW)
    form = ChangeFilterForm(request.GET or None)
    page = None  # invalid filters: the errors, no list
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else selectors.ChangeFilters()
        page = Paginator(selectors.unit_changes(unit, filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        page.object_list = selectors.with_rows(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/unit_log.html",
        _context(
            unit,
            form=form,
            page=page,
            filtered=bool(form.is_bound and any(form.cleaned_data.values())),
            query=query.urlencode(),
        ),
    )


@login_required
@require_GET
def export(request, unit_code):
    unit = unit_for(request.user, unit_code, Action.VIEW)
    form = ChangeFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        problems = "; ".join(
            f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    filters = form.filters() if form.is_bound else selectors.ChangeFilters()
    changes = selectors.unit_changes(unit, filters, oldest_first=True).iterator(chunk_size=500)
    response = StreamingHttpResponse(csv_lines(changes), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-{unit.code}-{stamp}.csv"'
    return response


@login_required
@require_GET
def change(request, unit_code, change_id):
    unit = unit_for(request.user, unit_code, Action.VIEW)
    # Scoped by the unit: a change of another unit is "not found", whoever asks.
    item = get_object_or_404(Change.objects.select_related("content_type"), pk=change_id, unit=unit)
    rows = selectors.field_rows(item, everything=True)
    return render(
        request,
        "audit/change.html",
        _context(
            unit,
            change=item,
            rows=rows,
            title=_("Perubahan #%(id)s") % {"id": item.pk},
        ),
    )
