"""The public SKM pages: no login, one form per unit, a thank-you page."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from kinerja.org import access
from kinerja.org.access import Action
from kinerja.org.models import Unit

from . import selectors, services
from .forms import SurveyForm

# The questionnaire is the regulation's Indonesian text; it has no English version yet.
LANGUAGE = "id"


def _rate_limited(request, unit: Unit, *, count: bool) -> bool:
    """Whether this address has sent KINERJA_SURVEY_RATE answers already (without an
    order's link); ``count``: record one more. Counters live in the cache
    (KINERJA_CACHE_URL: shared by every worker in production)."""
    usage = get_usage(
        request,
        group=f"survey:{unit.code}",
        key="kinerja.core.clientip.ratelimit_key",
        rate=settings.KINERJA_SURVEY_RATE,
        method=get_usage.ALL,
        increment=count,
    )
    # None: the cache could not be reached (RATELIMIT_FAIL_OPEN): an answer is never
    # lost to a cache outage.
    return usage is not None and not count and usage["count"] >= usage["limit"]


@require_http_methods(["GET", "POST"])
def survey_form(request, unit_code: str):
    unit = get_object_or_404(Unit, code=unit_code)
    with translation.override(LANGUAGE):
        data = request.POST if request.method == "POST" else None
        token = (data or request.GET).get("token", "").strip()[:64]
        order = selectors.order_for_token(unit, token)
        form = SurveyForm(
            data,
            unit=unit,
            elements=selectors.element_order(unit),
            order=order,
            initial={"token": token},
        )
        token_problem = None
        if data is None and token:
            try:
                services.check_token(unit, token)
            except ValidationError as exc:
                token_problem = exc
        # An order's valid link proves a real service: only answers without one count
        # against the address's limit, and only answers that were stored.
        limited = data is not None and order is None and _rate_limited(request, unit, count=False)
        if data is not None and form.is_valid() and not limited:
            try:
                services.submit_web_response(
                    unit,
                    form.scores(),
                    service_type=form.cleaned_data["service_type"] or None,
                    token=form.cleaned_data["token"] or None,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if order is None:
                    _rate_limited(request, unit, count=True)
                return redirect("survey:thanks", unit_code=unit.code)
        staff = request.user.is_authenticated and access.can(request.user, Action.VIEW, unit)
        return render(
            request,
            "survey/form.html",
            {
                "unit": unit,
                "year": timezone.localdate().year,
                "form": form,
                "token_problem": token_problem,
                "token_unknown": token_problem is not None and order is None,
                "token_required": order is None and selectors.requires_token(unit),
                "limited": limited,
                "bursts": selectors.bursts(unit) if staff else None,
                "staff": staff,
            },
            status=429 if limited else 200,
        )


def thanks(request, unit_code: str):
    unit = get_object_or_404(Unit, code=unit_code)
    with translation.override(LANGUAGE):
        return render(request, "survey/thanks.html", {"unit": unit})
