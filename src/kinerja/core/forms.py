"""Form fields shared by every web form: numbers typed the Indonesian way."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from .numbers import NumberTextError, format_id, parse_number_text
from .widgets import MeasureInput


def _words(value: Decimal) -> str:
    from num2words import num2words

    try:
        return num2words(value, lang="id")
    except (ArithmeticError, ValueError, NotImplementedError, OverflowError):
        return format_id(value, max(0, -value.as_tuple().exponent))


def number_text_message(exc: NumberTextError) -> str:
    """The message for text ``parse_number_text`` refused, with a hint: both readings
    of an ambiguous "1.234", or Babel's suggestions for badly grouped text."""
    if exc.ambiguous:
        grouped, decimal = exc.readings
        return _gettext(
            "“%(text)s” bisa berarti %(grouped_words)s atau %(decimal_words)s. Tulis "
            "%(grouped)s (tanpa titik) untuk %(grouped_words)s, atau %(decimal)s untuk "
            "%(decimal_words)s."
        ) % {
            "text": exc.text.strip(),
            "grouped": grouped,
            "grouped_words": _words(grouped),
            "decimal": str(decimal).replace(".", ","),
            "decimal_words": _words(decimal),
        }
    if exc.suggestions:
        return _gettext(
            "“%(text)s” bukan angka yang ditulis dengan benar; maksudnya %(suggestions)s? "
            "Titik memisahkan ribuan, koma memisahkan desimal."
        ) % {
            "text": exc.text.strip(),
            "suggestions": _gettext(" atau ").join(exc.suggestions),
        }
    return _gettext(
        "“%(text)s” bukan angka. Tulis angka, misalnya 53,3 atau 1.234,5 (titik memisahkan "
        "ribuan, koma memisahkan desimal)."
    ) % {"text": exc.text.strip()}


class NumberField(forms.DecimalField):
    """A decimal typed the Indonesian way (``core.numbers.parse_number_text``): "53,3",
    "1.234,5", "1.234.567"; "1.234" is refused with a hint when the field takes
    decimals, and read as 1234 when it takes whole numbers only (``decimal_places=0``).
    A text box, because browsers' number inputs refuse the decimal comma."""

    default_error_messages = {
        "max_decimal_places": _("Paling banyak %(max)s angka di belakang koma."),
        "max_digits": _("Angka terlalu panjang."),
        "max_whole_digits": _("Angka terlalu besar."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        # The stored value at its precision ("30,00", not the column's "30,000000").
        kwargs.setdefault("widget", MeasureInput())
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            return parse_number_text(str(value), whole=self.decimal_places == 0)
        except NumberTextError as exc:
            raise ValidationError(number_text_message(exc), code="invalid") from None
