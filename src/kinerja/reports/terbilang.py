"""Rupiah amounts in words ("terbilang"), as Indonesian budget documents print them next
to the figure: 15.507.847.000 → "Lima Belas Miliar Lima Ratus Tujuh Juta Delapan Ratus
Empat Puluh Tujuh Ribu Rupiah"."""

from decimal import Decimal

from num2words import num2words

__all__ = ["terbilang"]


def terbilang(amount: int | Decimal) -> str:
    """The amount in capitalised Indonesian words followed by "Rupiah".

    Amounts are whole rupiah (DESIGN §6); a fractional or negative amount is a bug upstream
    and is refused rather than silently rounded.
    """
    if isinstance(amount, bool):
        raise TypeError("terbilang() needs an amount, got a boolean")
    value = Decimal(amount)
    if value != value.to_integral_value():
        raise ValueError(f"terbilang() needs whole rupiah, got {amount}")
    if value < 0:
        raise ValueError(f"terbilang() needs an amount of at least 0, got {amount}")
    words = num2words(int(value), lang="id")
    return " ".join(word.capitalize() for word in words.split()) + " Rupiah"
