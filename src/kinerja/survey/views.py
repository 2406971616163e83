"""The public SKM pages: no login, one form per unit, a thank-you page."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from kinerja.org.models import Unit

from . import selectors, services
from .forms import SurveyForm

# The questionnaire is the regulation's Indonesian text; it has no English version yet.
LANGUAGE = "id"


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
        if data is not None and form.is_valid():
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
                return redirect("survey:thanks", unit_code=unit.code)
        return render(
            request,
            "survey/form.html",
            {
                "unit": unit,
                "year": timezone.localdate().year,
                "form": form,
                "token_problem": token_problem,
                "token_unknown": token_problem is not None and order is None,
            },
        )


def thanks(request, unit_code: str):
    unit = get_object_or_404(Unit, code=unit_code)
    with translation.override(LANGUAGE):
        return render(request, "survey/thanks.html", {"unit": unit})
