from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import ChangeFilters, object_types


class ChangeFilterForm(forms.Form):
    """Filters of a unit's audit log (GET)."""

    type = forms.ChoiceField(label=_("Jenis data"), required=False)
    user = forms.CharField(label=_("Pengguna"), required=False, max_length=150)
    since = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = forms.CharField(label=_("Teks dalam alasan"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Semua jenis"))] + object_types()

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def filters(self) -> ChangeFilters:
        data = self.cleaned_data
        return ChangeFilters(
            object_type=data.get("type") or "",
            user=(data.get("user") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
            text=(data.get("text") or "").strip(),
        )
