from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope
from .tokens import MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk mengenali token ini, misalnya sistem yang memakainya."),
    )
    scope = forms.ChoiceField(label=_("Cakupan"), choices=Scope.choices, initial=Scope.READ)
    days = forms.IntegerField(
        label=_("Berlaku (hari)"), min_value=1, max_value=MAX_DAYS, initial=90
    )
