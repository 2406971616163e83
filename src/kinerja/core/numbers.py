"""Decimal conversion, rounding and Indonesian number formatting.

Pure Python, no Django. Measures and money are ``Decimal`` throughout (DESIGN §6): full
precision is kept internally and rounding happens only here, for display or JSON output,
half-up to 2 places by default (DESIGN §4), because that is how the LAKIN prints its
figures (53.3 / 30 → 177,67 %).
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)

__all__ = [
    "decimal_str",
    "format_id",
    "format_pct_id",
    "round_half_up",
    "to_decimal",
]

_MIN_PRECISION = 28


def to_decimal(value: Decimal | int | str | float | None) -> Decimal | None:
    """Convert user, file or database input to a finite ``Decimal``; ``None`` stays ``None``.

    Floats go through ``str`` so that ``0.1`` becomes ``Decimal("0.1")`` and not the binary
    approximation. ``bool`` is refused although it is an ``int``: ``True`` as a measure is
    always a bug upstream. NaN and infinities are refused because no report can print them.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got a boolean ({value!r})")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = _parse(str(value), value)
    elif isinstance(value, str):
        result = _parse(value, value)
    else:
        raise TypeError(f"expected Decimal, int, str or float, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return result


def _parse(text: str, original: object) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(
            f"not a number: {original!r} (use '.' as the decimal separator, no grouping)"
        ) from None


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half away from zero to ``places`` decimals (2.675 → 2.68, -1.005 → -1.01).

    Half-up is the rounding a reader of the LAKIN does by hand; Python's default
    (half-even) would print 102.125 as 102.12. The precision of the local context grows with
    the value so that quantize never fails on large rupiah amounts.
    """
    number = to_decimal(value)
    if number is None:
        raise TypeError("round_half_up() needs a number, got None")
    precision = max(_MIN_PRECISION, number.adjusted() + places + 2)
    with localcontext(Context(prec=precision)):
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimal_str(value: Decimal | None, places: int | None = None) -> str | None:
    """Plain decimal string for JSON and datasets: never an exponent, never ``-0``.

    With ``places`` the value is rounded half-up and padded ("100.00"); without, trailing
    zeros are dropped ("53.3", "30") so that a stored value reads as it was entered.
    """
    number = to_decimal(value)
    if number is None:
        return None
    if places is not None:
        number = round_half_up(number, places)
    if number.is_zero():
        number = number.copy_abs()
    text = format(number, "f")
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_id(value: Decimal | None, places: int = 0, na: str = "N/A") -> str:
    """Indonesian display form: "." groups thousands, "," separates decimals.

    ``format_id(Decimal("15507847000"))`` → "15.507.847.000"; ``format_id(x, 2)`` →
    "177,67". ``None`` (not reported, not computable) shows as ``na``, never as 0.
    """
    number = to_decimal(value)
    if number is None:
        return na
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    rounded = round_half_up(number, places)
    if rounded.is_zero():
        rounded = rounded.copy_abs()
    english = format(rounded, f",.{places}f")
    return english.translate(str.maketrans(",.", ".,"))


def format_pct_id(value: Decimal | None, places: int = 2, na: str = "N/A") -> str:
    """Percentage as the seed prints it, with a space before the sign: "177,67 %"."""
    if value is None:
        return na
    return f"{format_id(value, places)} %"
