"""Form widgets shared by the apps."""

from decimal import Decimal

from django import forms

from .numbers import format_measure_id


class MeasureInput(forms.TextInput):
    """A text box for a measure: the stored value at its precision, the Indonesian way
    ("30,00", not the column's "30,000000"); typed text is shown back as typed. A text
    box, because number inputs refuse the Indonesian decimal comma."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return format_measure_id(value, na="", grouping=False)
        return super().format_value(value)
