"""Forms of the budget pages. They only parse input (amounts the Indonesian way:
``1.234.567``); the rules live in ``services`` and come back as field errors."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import NumberField
from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.core.numbers import NumberTextError, format_id, parse_number_text
from kinerja.core.widgets import MeasureInput

from .choices import PnbpCategory
from .services import MONTHS, OUTPUT_PERIODS

MONTH_NAMES = (
    _("Jan"),
    _("Feb"),
    _("Mar"),
    _("Apr"),
    _("Mei"),
    _("Jun"),
    _("Jul"),
    _("Agu"),
    _("Sep"),
    _("Okt"),
    _("Nov"),
    _("Des"),
)


class RupiahInput(MeasureInput):
    """A rupiah amount shown grouped the Indonesian way: "1.234.567"."""

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return format_id(Decimal(value), 0)
        return super().format_value(value)


_RP = re.compile(r"^\s*rp\.?\s*", re.IGNORECASE)


class RupiahField(NumberField):
    """Whole rupiah typed the Indonesian way: ``1.234.567`` or ``1234567`` (``Rp`` and
    spaces allowed), read by the one parser (core.numbers.parse_number_text). A decimal
    part is refused: budgets are in whole rupiah."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("widget", RupiahInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = "" if value in self.empty_values else _RP.sub("", str(value))
        if not text.strip():
            return None
        try:
            number = parse_number_text(text, whole=True)
        except NumberTextError:
            raise ValidationError(
                _("Bukan jumlah rupiah: %(text)s (contoh: 1.234.567)."),
                params={"text": str(value).strip()},
            ) from None
        if number != number.to_integral_value():
            raise ValidationError(_("Isi rupiah penuh tanpa desimal (contoh: 1.234.567)."))
        return number.quantize(Decimal(1))


class MeasureField(NumberField):
    """A quantity typed the Indonesian way (``12``, ``1.234,5``, ``98,5``), read by the
    one parser; an ambiguous ``1.234`` is refused with a hint."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_digits", MEASURE_DIGITS)
        kwargs.setdefault("decimal_places", MEASURE_PLACES)
        super().__init__(**kwargs)


class LineForm(forms.Form):
    name = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 2}))
    ceiling = RupiahField(label=_("Pagu"))
    source = forms.ChoiceField(label=_("Sumber dana"), required=False)
    indicators = forms.MultipleChoiceField(
        label=_("Indikator yang dibiayai"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unlinked_reason = forms.CharField(
        label=_("Alasan tidak dikaitkan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila baris terendah tidak dikaitkan ke indikator mana pun."),
    )
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        required=False,
        max_length=1000,
        help_text=_("Dicatat di jejak audit bersama setiap perubahan."),
    )

    def __init__(self, *args, sources=(), indicators=(), leaf=True, outputs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "–"), *sources]
        self.fields["indicators"].choices = list(indicators)
        self.leaf = leaf
        if not leaf:
            del self.fields["ceiling"]
        else:
            for month in MONTHS:
                self.fields[f"month_{month}"] = RupiahField(label=MONTH_NAMES[month - 1])
        self.outputs = list(outputs)
        for output in self.outputs:
            self.fields[f"out{output.pk}_target"] = MeasureField(label=_("Target"))
            for period in OUTPUT_PERIODS:
                self.fields[f"out{output.pk}_{period}"] = MeasureField(label=period.label)

    def month_fields(self):
        return [self[f"month_{m}"] for m in MONTHS] if self.leaf else []

    def output_rows(self):
        return [
            (
                output,
                self[f"out{output.pk}_target"],
                [self[f"out{output.pk}_{p}"] for p in OUTPUT_PERIODS],
            )
            for output in self.outputs
        ]

    def months(self) -> dict[int, Decimal | None]:
        return {m: self.cleaned_data.get(f"month_{m}") for m in MONTHS} if self.leaf else {}

    def output_values(self, output) -> tuple[Decimal | None, dict]:
        return (
            self.cleaned_data.get(f"out{output.pk}_target"),
            {p.value: self.cleaned_data.get(f"out{output.pk}_{p}") for p in OUTPUT_PERIODS},
        )


class RevisionForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.CharField(label=_("Jenis"), required=False, max_length=255)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 2}))
    final_ceiling = RupiahField(
        label=_("Pagu akhir sesudah perubahan"),
        help_text=_("Kosongkan bila pagu tidak berubah."),
    )


class PnbpForm(forms.Form):
    revenue_target = RupiahField(label=_("Target penerimaan"))
    use_ceiling = RupiahField(label=_("Pagu penggunaan"))
    use_spending = RupiahField(label=_("Realisasi penggunaan"))
    reason = forms.CharField(label=_("Alasan perubahan"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in PnbpCategory:
            self.fields[f"receipt_{category.value}"] = RupiahField(label=category.label)

    def receipt_fields(self):
        return [self[f"receipt_{c.value}"] for c in PnbpCategory]

    def receipts(self) -> dict:
        return {c.value: self.cleaned_data.get(f"receipt_{c.value}") for c in PnbpCategory}
