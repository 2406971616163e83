"""One parser for numbers typed by people (issue 15, item 10): forms and imports."""

from decimal import Decimal

import pytest

from kinerja.core.forms import NumberField, number_text_message
from kinerja.core.numbers import NumberTextError, parse_number_text


@pytest.mark.parametrize(
    ("text", "whole", "value"),
    [
        ("1.234,5", False, "1234.5"),
        ("1.234.567", False, "1234567"),
        ("1.234.567", True, "1234567"),
        ("1.234", True, "1234"),  # whole numbers only: Indonesian grouping
        ("12.500", True, "12500"),
        ("53,3", False, "53.3"),
        ("1,234", False, "1.234"),
        ("58.77", False, "58.77"),  # a dot that cannot group thousands is a decimal point
        ("0.234", False, "0.234"),
        ("1234.567", False, "1234.567"),
        ("-1.234,5", False, "-1234.5"),
        ("\u22121.234,5", False, "-1234.5"),
        ("1 234 567", False, "1234567"),
        (" 42 ", False, "42"),
        ("+7", False, "7"),
    ],
)
def test_numbers_are_read_the_indonesian_way(text, whole, value):
    assert parse_number_text(text, whole=whole) == Decimal(value)


def test_a_dot_and_three_digits_where_decimals_are_possible_is_refused_with_both_readings():
    with pytest.raises(NumberTextError) as caught:
        parse_number_text("1.234")
    assert caught.value.ambiguous
    assert caught.value.readings == (Decimal("1234"), Decimal("1.234"))
    message = number_text_message(caught.value)
    assert "seribu dua ratus tiga puluh empat" in message
    assert "satu koma dua tiga empat" in message
    assert "1234" in message and "1,234" in message


@pytest.mark.parametrize("text", ["1.23.4", "1,234,567", "abc", "", "1 2", "NaN", "Infinity"])
def test_text_that_is_no_number_is_refused(text):
    with pytest.raises(NumberTextError) as caught:
        parse_number_text(text)
    assert not caught.value.ambiguous


def test_badly_grouped_text_gets_babels_suggestion():
    with pytest.raises(NumberTextError) as caught:
        parse_number_text("1.23.4")
    assert "1.234" in number_text_message(caught.value)


def test_the_form_field_uses_the_parser():
    field = NumberField(required=False, max_digits=20, decimal_places=6)
    assert field.clean("1.234,5") == Decimal("1234.5")
    assert field.clean("1.234.567") == Decimal("1234567")
    assert field.clean("") is None
    with pytest.raises(Exception, match="seribu dua ratus"):
        field.clean("1.234")
    whole = NumberField(required=False, max_digits=20, decimal_places=0)
    assert whole.clean("1.234") == Decimal("1234")


# -- the same parser in the imports -------------------------------------------------------
def test_records_cells_use_the_parser():
    from kinerja.sources.tabular import Unreadable, coerce

    assert coerce("1.234", {"type": "integer"}) == 1234
    assert coerce("1.234,5", {"type": "number"}) == Decimal("1234.5")
    assert coerce("1.234.567", {"type": "number"}) == Decimal("1234567")
    with pytest.raises(Unreadable) as caught:
        coerce("1.234", {"type": "number"})
    assert "1234 (tanpa titik) atau 1,234" in str(caught.value)


def test_budget_text_amounts_use_the_parser():
    import io

    from openpyxl import Workbook

    from kinerja.budget.spreadsheet import COLUMNS, SHEET, read_rows

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([title for _, title in COLUMNS])
    row = {
        "code": "A",
        "level": "program",
        "name": "Program",
        "ceiling": "1.234",
        "spending": "1.234.567",
    }
    sheet.append([row.get(field) for field, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    lines, problems = read_rows(buffer.getvalue())
    assert not [p for p in problems if "Pagu" in p.path or "Realisasi" in p.path], problems
    assert (lines[0]["ceiling"], lines[0]["spending"]) == (1234, 1234567)


def test_planning_text_cells_use_the_parser():
    from kinerja.planning.spreadsheet import _cell_value
    from kinerja.sources.tabular import Unreadable

    assert _cell_value("1.234,5", allow_na=True) == Decimal("1234.5")
    with pytest.raises(Unreadable) as caught:
        _cell_value("1.234", allow_na=True)
    assert caught.value.number_error.ambiguous


def test_an_exponent_babel_cannot_reformat_is_refused_not_raised():
    """Found by the importers' fuzz (tests/fuzz): Babel's strict check re-formats the
    number and raised decimal.InvalidOperation for "1.0000000000000002e+16"."""
    with pytest.raises(NumberTextError):
        parse_number_text("1.0000000000000002e+16")
