"""Forms of the planning screens: the XLSX upload and its confirmation, and the
Perjanjian Kinerja revision, draft and signature. Every error is placed on its field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import NumberField
from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.core.numbers import decimal_str

from . import spreadsheet
from .choices import Polarity
from .models import AgreementIndicator, AgreementVersion


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX"),
        help_text=_("Buku kerja Excel (.xlsx) yang diunduh dari halaman ini, paling besar 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before reading it whole: the size the client announced, then the content.
        if upload.size > spreadsheet.MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Berkas terlalu besar; batasnya %(limit)s KB."),
                params={"limit": spreadsheet.MAX_UPLOAD_BYTES // 1024},
            )
        data = upload.read(spreadsheet.MAX_UPLOAD_BYTES + 1)
        problem = spreadsheet.check_xlsx(data)
        if problem:
            raise ValidationError(problem)
        self.content = data
        return upload


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        help_text=_("Dicatat di jejak audit bersama setiap perubahan."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reason_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        if not reason_required:
            field.label = _("Catatan (tidak wajib)")
        field.error_messages["required"] = _("Alasan perubahan wajib diisi.")


class RevisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        help_text=_(
            "Mengapa Perjanjian Kinerja diubah, misalnya perubahan Renstra atau anggaran. "
            "Dimuat dalam riwayat perubahan dokumen Perkin."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Alasan perubahan wajib diisi.")},
    )


class MeasureField(NumberField):
    """A target as typed: "53,3" or "53.3" (core.numbers.parse_number_text); empty is
    N/A."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            max_digits=MEASURE_DIGITS,
            decimal_places=MEASURE_PLACES,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
            **kwargs,
        )


def _plain(value):
    """A stored measure without its padding zeros, for the form to show (30, not
    30,000000)."""
    return None if value is None else decimal_str(value)


NIP_PATTERN = r"^\d{18}$"
NIP_MESSAGE = _("NIP terdiri atas 18 angka, tanpa spasi.")


class DraftForm(forms.Form):
    """The draft's parties and one target field per indicator (two for a range
    indicator)."""

    signatory = forms.CharField(label=_("Pihak pertama"), max_length=255, required=False)
    signatory_nip = forms.RegexField(
        label=_("NIP pihak pertama"),
        regex=NIP_PATTERN,
        required=False,
        error_messages={"invalid": NIP_MESSAGE},
    )
    superior = forms.CharField(label=_("Pihak kedua"), max_length=255, required=False)
    superior_nip = forms.RegexField(
        label=_("NIP pihak kedua"),
        regex=NIP_PATTERN,
        required=False,
        error_messages={"invalid": NIP_MESSAGE},
    )

    def __init__(self, *args, version: AgreementVersion, items: list[AgreementIndicator], **kw):
        super().__init__(*args, **kw)
        self.version = version
        self.items = items
        self.fields["signatory"].initial = version.signatory
        self.fields["superior"].initial = version.superior
        self.fields["signatory_nip"].initial = version.signatory_nip
        self.fields["superior_nip"].initial = version.superior_nip
        for item in items:
            ind = item.indicator
            is_range = ind.polarity == Polarity.RANGE
            self.fields[f"target-{item.pk}"] = MeasureField(
                label=_("Batas bawah %(code)s") % {"code": ind.code}
                if is_range
                else _("Target %(code)s") % {"code": ind.code},
                initial=_plain(item.target),
            )
            if is_range:
                self.fields[f"target_max-{item.pk}"] = MeasureField(
                    label=_("Batas atas %(code)s") % {"code": ind.code},
                    initial=_plain(item.target_max),
                )

    def rows(self) -> list[dict]:
        """What the template shows per indicator: the item and its fields, each with the
        bound it holds ("" for a single target)."""
        out = []
        for item in self.items:
            upper = f"target_max-{item.pk}"
            if upper in self.fields:
                fields = [(_("bawah"), self[f"target-{item.pk}"]), (_("atas"), self[upper])]
            else:
                fields = [("", self[f"target-{item.pk}"])]
            out.append({"item": item, "fields": fields})
        return out

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            if f"target-{item.pk}" in self.errors or f"target_max-{item.pk}" in self.errors:
                continue
            lower = cleaned.get(f"target-{item.pk}")
            upper = cleaned.get(f"target_max-{item.pk}")
            if lower is not None and upper is not None and lower > upper:
                self.add_error(
                    f"target_max-{item.pk}",
                    _("Batas atas tidak boleh lebih kecil dari batas bawah."),
                )
            if lower is None and upper is not None:
                self.add_error(
                    f"target-{item.pk}",
                    _("Isi batas bawah, atau kosongkan keduanya untuk N/A."),
                )
        return cleaned

    def targets(self) -> dict:
        return {
            item.pk: (
                self.cleaned_data.get(f"target-{item.pk}"),
                self.cleaned_data.get(f"target_max-{item.pk}"),
            )
            for item in self.items
        }


class SignForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Tanggal tanda tangan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={
            "required": _("Tanggal tanda tangan wajib diisi."),
            "invalid": _("Tulis tanggal, misalnya 2023-10-30."),
        },
    )
    signed_place = forms.CharField(
        label=_("Tempat tanda tangan"),
        max_length=120,
        required=False,
        help_text=_("Seperti tertulis di atas tanda tangan, misalnya Palembang."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Tanggal tanda tangan tidak boleh di masa depan."))
        return day
