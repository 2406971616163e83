"""The public SKM form: the nine questions as radio groups, the service type and the
hidden token of a service order's survey link."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinerja.org.models import Unit
from kinerja.sources.choices import ServiceType
from kinerja.sources.models import ServiceOrder

from . import services
from .choices import ANSWERS, QUESTIONS, SCORES, Element


class SurveyForm(forms.Form):
    service_type = forms.ChoiceField(
        label=_("Jenis layanan yang Anda terima"),
        choices=[("", _("Tidak disebutkan / beberapa layanan")), *ServiceType.choices],
        required=False,
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self, *args, unit: Unit, elements: list[str], order: ServiceOrder | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.elements = list(elements)
        if order is not None:
            # The order knows what service it was; the respondent need not say it again.
            field = self.fields["service_type"]
            field.disabled = True
            field.initial = order.service_type
            field.help_text = _("Sesuai order layanan Anda.")
            field.widget.attrs["aria-describedby"] = "service-type-hint"
        for code in self.elements:
            self.fields[code] = forms.TypedChoiceField(
                label=QUESTIONS[code],
                choices=list(zip(SCORES, ANSWERS[code], strict=True)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": services.ANSWER_REQUIRED,
                    "invalid_choice": _("Pilih salah satu dari empat jawaban."),
                },
            )

    def questions(self) -> list[dict]:
        """What the template shows per question, in the unit's order."""
        return [
            {
                "number": number,
                "code": code,
                "element": Element(code).label,
                "field": self[code],
            }
            for number, code in enumerate(self.elements, start=1)
        ]

    def missing(self) -> list[dict]:
        return [q for q in self.questions() if q["field"].errors]

    def clean(self):
        cleaned = super().clean()
        try:
            services.check_token(self.unit, cleaned.get("token"))
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code in self.elements}
