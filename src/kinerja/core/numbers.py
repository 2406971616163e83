"""Decimal conversion, rounding and Indonesian number formatting.

Pure Python, no Django. Measures and money are ``Decimal`` throughout (DESIGN §6): full
precision is kept internally and rounding happens only here, for display or JSON output,
half-up to 2 places by default (DESIGN §4), because that is how the LAKIN prints its
figures (53.3 / 30 → 177,67 %).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)
from enum import StrEnum

__all__ = [
    "Convention",
    "PrintedNumber",
    "decimal_str",
    "find_numbers",
    "format_id",
    "format_pct_id",
    "NumberTextError",
    "parse_number_text",
    "read_number",
    "round_half_up",
    "to_decimal",
    "truncate",
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


def measure_places(value: Decimal | None, minimum: int = 2) -> int:
    """The decimals a stored measure is shown with: at least ``minimum`` (the LAKIN's
    two), more only when the value has them. 30.000000 → 2 ("30,00"), 3.625 → 3
    ("3,625"): a form shows no padding from the database column and never rounds away a
    digit that a save would then lose."""
    number = to_decimal(value)
    if number is None:
        return minimum
    exponent = number.normalize().as_tuple().exponent
    return max(minimum, -exponent if isinstance(exponent, int) and exponent < 0 else 0)


def format_measure_id(value: Decimal | None, na: str = "–", grouping: bool = True) -> str:
    """A stored measure the Indonesian way at its precision (``measure_places``):
    "30,00", "1.234,50", "3,625"; without ``grouping`` for an input box ("1234,50")."""
    number = to_decimal(value)
    if number is None:
        return na
    text = format_id(number, measure_places(number), na=na)
    return text if grouping else text.replace(".", "")


def format_pct_id(value: Decimal | None, places: int = 2, na: str = "N/A") -> str:
    """Percentage as the seed prints it, with a space before the sign: "177,67 %"."""
    if value is None:
        return na
    return f"{format_id(value, places)} %"


def truncate(value: Decimal, places: int = 2) -> Decimal:
    """Cut to ``places`` decimals without rounding (105.569 → 105.56): the slip of a
    spreadsheet cell formatted by hand, or of a figure copied digit by digit."""
    precision = max(_MIN_PRECISION, value.adjusted() + places + 2)
    with localcontext(Context(prec=precision)):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


# --- reading numbers as reports print them ------------------------------------------------


class Convention(StrEnum):
    """How a printed number separates its decimals."""

    ID = "id"  # Indonesian: "1.234.567,89" — dot groups thousands, comma separates decimals
    EN = "en"  # dot-decimal: "1,234,567.89", "105.56"


@dataclass(frozen=True)
class PrintedNumber:
    """A number as a report printed it: its value, the decimals it was printed with (the
    precision it can be checked at) and whether it carried a percent sign.

    ``ambiguous`` is true for "1.667" and "1,667": an Indonesian 1667 (or 1,667) or a
    dot-decimal 1.667 (or 1667), which only the rest of the column can tell; ``value``
    is then the reading under the convention asked for (Indonesian by default)."""

    value: Decimal
    places: int
    percent: bool = False
    text: str = ""
    ambiguous: bool = False
    convention: Convention | None = None  # the convention the text proves, if any

    @property
    def half_unit(self) -> Decimal:
        """Half of the last printed digit: a printed 105,56 stands for [105.555, 105.565)."""
        return Decimal(5).scaleb(-(self.places + 1))


# A number in text: an optional sign, digits with "." or "," between them, and an optional
# percent sign or the word "persen". Footnote marks and currency are stripped before.
_NUMBER = re.compile(
    r"""(?P<sign>[-\u2212\u2013]\s?)?
        (?P<body>\d+(?:[.,]\d+)*)
        (?P<pct>\s?(?:%|persen\b|percent\b))?""",
    re.VERBOSE | re.IGNORECASE,
)
_CELL_NOISE = re.compile(
    r"^(?:rp\.?|idr)\s*|[,.]-$|\s*(?:\*+\)?|[\u00b9\u00b2\u00b3\u2070-\u2079]+|\(\d\))$",
    re.IGNORECASE,
)
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


def _body_value(
    body: str, convention: Convention | None
) -> tuple[Decimal, int, bool, Convention | None] | None:
    """(value, places, ambiguous, proven convention) of digits with separators, or None
    when the separators make no number ("1.2.3,4,5")."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, frac = body.rpartition(decimal_sep)
        if whole.count(decimal_sep) or not _GROUPED.match(whole) or group_sep not in whole:
            return None
        proven = Convention.ID if decimal_sep == "," else Convention.EN
        return Decimal(whole.replace(group_sep, "") + "." + frac), len(frac), False, proven
    sep = "." if dots else "," if commas else ""
    if not sep:
        return Decimal(body), 0, False, None
    if body.count(sep) > 1:  # several separators of one kind can only group thousands
        if not _GROUPED.match(body):
            return None
        proven = Convention.ID if sep == "." else Convention.EN
        return Decimal(body.replace(sep, "")), 0, False, proven
    whole, frac = body.split(sep)
    if len(frac) == 3 and not whole.startswith("0") and len(whole) <= 3:
        # "1.667" / "1,667": thousands grouping in one convention, decimals in the other.
        groups = (convention or Convention.ID) == (Convention.ID if sep == "." else Convention.EN)
        if groups:
            return Decimal(whole + frac), 0, True, None
        return Decimal(whole + "." + frac), 3, True, None
    proven = Convention.ID if sep == "," else Convention.EN
    return Decimal(whole + "." + frac), len(frac), False, proven


def read_number(text: str, convention: Convention | None = None) -> PrintedNumber | None:
    """The number a table cell holds, or None when the cell is not one number.

    Reads Indonesian figures ("1.234.567", "95,27 %", "1.667 %", "-33,33%", "Rp. 3.858.000.000",
    "(1.234)" for a negative) and dot-decimal ones ("105.56%", "1,234.5"). A cell that
    is ambiguous on its own ("1.667") is read with ``convention`` (Indonesian when None)
    and marked ``ambiguous``. Footnote marks ("12,5*", "12,5¹", "12,5 *)") are ignored."""
    cell = " ".join((text or "").split())
    cell = cell.replace("\u00a0", " ")
    for _ in range(2):
        cell = _CELL_NOISE.sub("", cell).strip()
    negative = False
    if cell.startswith("(") and cell.endswith(")"):
        cell, negative = cell[1:-1].strip(), True
    match = _NUMBER.fullmatch(cell)
    if match is None:
        return None
    parsed = _body_value(match.group("body"), convention)
    if parsed is None:
        return None
    value, places, ambiguous, proven = parsed
    if match.group("sign") or negative:
        value = -value
    return PrintedNumber(
        value=value,
        places=places,
        percent=match.group("pct") is not None,
        text=(text or "").strip(),
        ambiguous=ambiguous,
        convention=proven,
    )


@dataclass(frozen=True)
class NumberInText:
    number: PrintedNumber
    start: int
    end: int
    formula: bool  # an operand of a formula ("x 100%", "(50 : 3)"): not a claim


_IN_TEXT = re.compile(
    r"""(?<![\w.,])
        (?P<sign>(?<![\w)])[-\u2212]\s?)?
        (?P<body>\d+(?:[.,]\d+)*)
        (?![.,]?\d)
        (?P<pct>\s?(?:%|persen\b|percent\b))?""",
    re.VERBOSE | re.IGNORECASE,
)
# An operator next to a number makes it an operand: "x" and "×" standing alone, "*", "/",
# "+", "dikali", "dibagi", and ":" as a division between numbers ("(50 : 3)") but not as a
# label's colon ("Capaian: 105 %"). "=" is not one: what follows it is the stated result.
_OPERATOR_BEFORE = re.compile(
    r"(?:(?<![^\W\d_])[x\u00d7]|[*/+\u00f7]|(?<=[\d)])\s*:|\bdikali(?:kan)?|\bdibagi)"
    r"\s*[(\[]*\s*$",
    re.IGNORECASE,
)
_OPERATOR_AFTER = re.compile(
    r"^\s*[)\]]*\s*(?:[x\u00d7](?![^\W\d_])|[*/+\u00f7]|:\s*[(\d]|dikali(?:kan)?\b|dibagi\b)",
    re.IGNORECASE,
)


def find_numbers(text: str, convention: Convention | None = None) -> Iterator[NumberInText]:
    """Every number a sentence writes, read as Indonesian reports write them: "105,56%",
    dot-decimal "105.56%", "1.667 %" and "1667%", "-33,33%", "30 persen". A number that
    is an operand of a formula ("Realisasi / Target x 100%", "(50 : 3) x 100%") is marked
    ``formula``: it states no figure. A sentence-final dot ("naik 12.") is not a decimal."""
    for match in _IN_TEXT.finditer(text):
        body = match.group("body")
        parsed = _body_value(body, convention)
        if parsed is None:
            continue
        value, places, ambiguous, proven = parsed
        if match.group("sign"):
            value = -value
        number = PrintedNumber(
            value=value,
            places=places,
            percent=match.group("pct") is not None,
            text=match.group(0).strip(),
            ambiguous=ambiguous,
            convention=proven,
        )
        before, after = text[: match.start()], text[match.end() :]
        formula = bool(_OPERATOR_BEFORE.search(before) or _OPERATOR_AFTER.match(after))
        yield NumberInText(number, match.start(), match.end(), formula)


def decimal_problem(value, max_digits: int, decimal_places: int) -> str | None:
    """Why ``value`` does not fit a decimal column of ``max_digits`` digits with
    ``decimal_places`` after the point (its integer part is too long), or None. Extra
    decimal places are rounded by the column and are not a problem."""
    number = to_decimal(value)
    whole = max_digits - decimal_places
    if abs(number) >= Decimal(10) ** whole:
        return (
            f"{value} is too large: at most {whole} digits before the decimal point "
            f"(less than {Decimal(10) ** whole:,.0f})"
        )
    return None


# --- reading numbers as people type them ---------------------------------------------------


class NumberTextError(ValueError):
    """Text that is not a number, or a number that could be read two ways.

    ``ambiguous``: "1.234" where a decimal is possible — Indonesian 1234 or a dot-decimal
    1.234; ``readings`` then holds both values (grouped first). ``suggestions``: ways to
    write what was probably meant, as Babel proposes them."""

    def __init__(self, text: str, *, ambiguous: bool = False, readings=(), suggestions=()):
        self.text = text
        self.ambiguous = ambiguous
        self.readings = tuple(readings)
        self.suggestions = tuple(suggestions)
        super().__init__(
            f"{text!r} is ambiguous: {' or '.join(map(str, self.readings))}"
            if ambiguous
            else f"not a number: {text!r}"
        )


_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SPACE_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"[+-]?\d+")
_ONE_DOT = re.compile(r"([+-]?)(\d+)\.(\d+)")


def parse_number_text(text: str, *, whole: bool = False) -> Decimal:
    """A number as someone in Indonesia types it, in a form or a spreadsheet text cell.

    The one parser for forms and imports (docs/web.md, "Angka"). Babel's Indonesian
    parser, strict: "." groups thousands in threes, "," separates decimals — "1.234,5" →
    1234.5, "1.234.567" → 1234567, "12,5" → 12.5; badly grouped text ("1.23.4") is refused
    with Babel's suggestions. Besides:

    - a single "." that cannot group thousands is a decimal point, as on an English
      keyboard: "58.77", "0.5", "1.2345", "1234.5" (no Indonesian reads them otherwise);
    - a single "." followed by exactly three digits ("1.234", "12.500") groups thousands
      when ``whole`` (the field takes whole numbers only: rupiah, counts); where decimals
      are possible it could mean either, and is refused (``ambiguous``) rather than guessed;
    - spaces may group thousands ("1 234 567"); "−" (U+2212) is a minus sign.
    """
    raw = text
    text = text.strip().replace("\u2212", "-")
    if _SPACE_GROUPED.fullmatch(text):
        text = _SPACES.sub("", text)
    if not text or _SPACES.search(text):
        raise NumberTextError(raw)
    if _PLAIN.fullmatch(text):
        return Decimal(text)
    if match := _ONE_DOT.fullmatch(text):
        sign, integer, fraction = match.groups()
        if len(fraction) != 3 or len(integer) > 3 or integer.startswith("0"):
            return Decimal(text)  # only a decimal point: "58.77", "0.500", "1234.567"
        grouped = Decimal(sign + integer + fraction)
        if whole:
            return grouped
        raise NumberTextError(raw, ambiguous=True, readings=(grouped, Decimal(text)))
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        number = parse_decimal(text.lstrip("+"), locale="id", strict=True)
    except NumberFormatError as exc:
        raise NumberTextError(raw, suggestions=exc.suggestions or ()) from None
    except (ArithmeticError, ValueError):  # Babel's strict re-formatting of "1e+16"
        raise NumberTextError(raw) from None
    if not number.is_finite():
        raise NumberTextError(raw)
    return number
