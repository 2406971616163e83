"""Forms of the quarterly entry pages. They only parse input; the rules (what is
required, who may do what) live in measurement.workflow and come back as field errors."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kinerja.core import uploads
from kinerja.core.forms import NumberField
from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES


def measure_input(label, help_text="") -> NumberField:
    # "58,77" and "58.77" both read as 58.77, "1.234,5" as 1234.5; "1.234" is refused
    # with a hint (core.numbers.parse_number_text).
    return NumberField(
        label=label,
        help_text=help_text,
        required=False,
        max_digits=MEASURE_DIGITS,
        decimal_places=MEASURE_PLACES,
    )


class EntryForm(forms.Form):
    value = measure_input(_("Realisasi triwulan"), _("Kumulatif sampai akhir triwulan ini."))

    target = measure_input(
        _("Target triwulan"),
        _("Target antara sampai triwulan ini. Triwulan IV: target Perjanjian Kinerja."),
    )
    narrative = forms.CharField(
        label=_("Narasi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Apa yang dicapai dan bagaimana."),
    )
    explanation = forms.CharField(
        label=_("Penjelasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Wajib bila realisasi di bawah target, atau bila target triwulan menyimpang "
            "dari Perjanjian Kinerja."
        ),
    )

    confirm_above_bound = forms.BooleanField(
        label=_("Saya sudah memeriksa: realisasi di atas batas indikator ini memang benar."),
        required=False,
    )

    def __init__(
        self, *args, scale=None, elements=(), target_editable=True, upper_bound=None, **kwargs
    ):
        """``scale``: the indicator's ``ScaleDef``; its realization and target are then
        chosen among the levels (the choice holds the level's score). ``elements``: the
        data elements a formula indicator reads; each gets a field ``element_<code>`` for
        its value in the quarter (blank: no value)."""
        super().__init__(*args, **kwargs)
        if scale is not None:
            choices = [("", "–")] + [
                (str(level.score), f"{level.code} – {level.label}")
                if level.label != level.code
                else (str(level.score), level.code)
                for level in scale.listed
            ]
            for name in ("value", "target"):
                old = self.fields[name]
                self.fields[name] = forms.TypedChoiceField(
                    label=old.label, help_text=old.help_text, required=False, choices=choices
                )
                if self.initial.get(name) is not None:
                    self.initial[name] = str(scale.by_score(self.initial[name]).score)
        self.upper_bound = upper_bound
        if upper_bound is None:
            del self.fields["confirm_above_bound"]
        if not target_editable:
            # The planner sets the quarter targets (the service refuses anyone else's
            # change); a disabled field keeps the stored one whatever is posted.
            self.fields["target"].disabled = True
            self.fields["target"].help_text = _(
                "Ditetapkan oleh perencana unit (target antara sampai triwulan ini)."
            )
        self.element_codes = []
        for element in elements:
            name = f"element_{element.code}"
            self.fields[name] = measure_input(
                f"{element.name} ({element.unit_label})",
                _("Elemen data %(code)s, nilai triwulan ini.") % {"code": element.code},
            )
            self.element_codes.append(element.code)

    def element_fields(self):
        return [self[f"element_{code}"] for code in self.element_codes]

    def element_values(self) -> dict:
        return {code: self.cleaned_data[f"element_{code}"] for code in self.element_codes}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas bukti dukung"),
        error_messages={"required": _("Pilih berkas yang akan diunggah.")},
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, PNG, JPEG atau WebP, paling besar %(size)s. Jenisnya diperiksa dari isi "
            "berkas, bukan dari namanya."
        ) % {"size": filesizeformat(settings.KINERJA_EVIDENCE_MAX_BYTES)}


class TransitionForm(forms.Form):
    """The optional or required note of a workflow step (the service decides which)."""

    comment = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["comment"].label = label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # ISO: what a date input sends and expects, whatever the page's language.
        super().__init__(attrs, format="%Y-%m-%d")


class WindowForm(forms.Form):
    opens_on = forms.DateField(label=_("Dibuka"), required=False, widget=DateInput)
    closes_on = forms.DateField(label=_("Ditutup"), required=False, widget=DateInput)


class WindowReopenForm(forms.Form):
    until = forms.DateField(label=_("Dibuka kembali sampai"), required=False, widget=DateInput)
    reason = forms.CharField(
        label=_("Alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
