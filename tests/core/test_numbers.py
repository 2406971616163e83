"""kinerja.core.numbers: Decimal conversion, half-up rounding, Indonesian formatting."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.numbers import (
    Convention,
    decimal_str,
    find_numbers,
    format_id,
    format_pct_id,
    read_number,
    round_half_up,
    to_decimal,
    truncate,
)

D = Decimal

finite_decimals = st.decimals(
    min_value=D("-1e15"), max_value=D("1e15"), places=6, allow_nan=False, allow_infinity=False
)
places_st = st.integers(min_value=0, max_value=6)


# --- to_decimal ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("53.3"), D("53.3")),
        (30, D("30")),
        ("53.3", D("53.3")),
        (" 4.97 ", D("4.97")),
        ("15507847000", D("15507847000")),
        (0.1, D("0.1")),
        (1.1, D("1.1")),
        (-2.5, D("-2.5")),
    ],
)
def test_to_decimal_accepts_numbers_and_numeric_strings(value, expected):
    result = to_decimal(value)
    assert isinstance(result, Decimal)
    assert result == expected


def test_to_decimal_converts_floats_through_str_not_binary():
    assert str(to_decimal(0.1)) == "0.1"


def test_to_decimal_keeps_none():
    assert to_decimal(None) is None


@pytest.mark.parametrize("value", [True, False])
def test_to_decimal_rejects_booleans(value):
    with pytest.raises(ValueError, match="boolean"):
        to_decimal(value)


@pytest.mark.parametrize(
    "value",
    [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), float("nan"), float("inf"), "NaN", "inf"],
)
def test_to_decimal_rejects_nan_and_infinity(value):
    with pytest.raises(ValueError):
        to_decimal(value)


@pytest.mark.parametrize("value", ["", "abc", "53,3", "1.234.567"])
def test_to_decimal_rejects_non_numeric_strings(value):
    with pytest.raises(ValueError, match="not a number"):
        to_decimal(value)


def test_to_decimal_rejects_other_types():
    with pytest.raises(TypeError):
        to_decimal([1])


# --- round_half_up ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("177.6666", 2, "177.67"),
        ("102.5", 2, "102.50"),
        ("2.675", 2, "2.68"),
        ("102.125", 2, "102.13"),
        ("1.005", 2, "1.01"),
        ("-1.005", 2, "-1.01"),
        ("-2.675", 2, "-2.68"),
        ("0.5", 0, "1"),
        ("-0.5", 0, "-1"),
        ("1034866.666", 0, "1034867"),
    ],
)
def test_round_half_up(value, places, expected):
    result = round_half_up(D(value), places)
    assert str(result) == expected


def test_round_half_up_defaults_to_two_places():
    assert str(round_half_up(D("98") / D("90") * 100)) == "108.89"


def test_round_half_up_handles_values_longer_than_default_precision():
    value = D("123456789012345678901234567890.125")
    assert round_half_up(value) == D("123456789012345678901234567890.13")


@given(finite_decimals, places_st)
def test_round_half_up_agrees_with_quantize_half_up(value, places):
    expected = value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert round_half_up(value, places) == expected


@given(finite_decimals, places_st)
def test_round_half_up_is_symmetric(value, places):
    assert round_half_up(-value, places) == -round_half_up(value, places)


# --- decimal_str --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("1E+2"), None, "100"),
        (D("1E+2"), 2, "100.00"),
        (D("177.666"), 2, "177.67"),
        (D("100"), 2, "100.00"),
        (D("53.30"), None, "53.3"),
        (D("30.000"), None, "30"),
        (D("0.50"), None, "0.5"),
        (D("1E-7"), None, "0.0000001"),
        (D("-0.00"), None, "0"),
        (D("-0.001"), 2, "0.00"),
        (D("15507847000"), None, "15507847000"),
        (D("-1234.50"), None, "-1234.5"),
    ],
)
def test_decimal_str(value, places, expected):
    assert decimal_str(value, places) == expected


def test_decimal_str_keeps_none():
    assert decimal_str(None) is None
    assert decimal_str(None, 2) is None


@given(finite_decimals)
def test_decimal_str_round_trips_without_exponent(value):
    text = decimal_str(value)
    assert "E" not in text and "e" not in text
    assert D(text) == value


# --- format_id / format_pct_id ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("15507847000"), 0, "15.507.847.000"),
        (D("15480985963"), 0, "15.480.985.963"),
        (D("177.666"), 2, "177,67"),
        (D("-1234.5"), 2, "-1.234,50"),
        (D("999.995"), 2, "1.000,00"),
        (D("0"), 2, "0,00"),
        (D("-0.001"), 2, "0,00"),
        (D("1E+3"), 0, "1.000"),
        (D("53.3"), 0, "53"),
    ],
)
def test_format_id(value, places, expected):
    assert format_id(value, places) == expected


def test_format_id_shows_none_as_na():
    assert format_id(None) == "N/A"
    assert format_id(None, 2, na="-") == "-"


def test_format_id_rejects_negative_places():
    with pytest.raises(ValueError):
        format_id(D("1"), -1)


def test_format_pct_id_matches_the_seed():
    assert format_pct_id(D("53.3") / D("30") * 100) == "177,67 %"
    assert format_pct_id(D("99.83"), 2) == "99,83 %"
    assert format_pct_id(None) == "N/A"


@given(finite_decimals, places_st)
def test_format_id_round_trips_to_the_rounded_value(value, places):
    text = format_id(value, places)
    parsed = D(text.replace(".", "").replace(",", "."))
    assert parsed == round_half_up(value, places)


# --- reading printed numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "places", "percent"),
    [
        ("1.234.567", "1234567", 0, False),
        ("95,27 %", "95.27", 2, True),
        ("1.667 %", "1667", 0, True),  # Indonesian unless the column says otherwise
        ("-33,33%", "-33.33", 2, True),
        ("\u221233,33 %", "-33.33", 2, True),
        ("105.56%", "105.56", 2, True),  # a dot before two digits can only be decimals
        ("1667%", "1667", 0, True),
        ("Rp. 3.858.000.000", "3858000000", 0, False),
        ("Rp 15.507.847.000,-", "15507847000", 0, False),
        ("(1.234)", "-1234", 0, False),
        ("12,5*", "12.5", 1, False),  # a footnote mark
        ("12,5 *)", "12.5", 1, False),
        ("53,3\u00b9", "53.3", 1, False),
        ("1,234.5", "1234.5", 1, False),
        ("1.234,50", "1234.50", 2, False),
        ("30 persen", "30", 0, True),
        ("3,2,1", None, None, None),
        ("1.23.4", None, None, None),
        ("Tercapai", None, None, None),
        ("–", None, None, None),
    ],
)
def test_read_number_reads_indonesian_and_dot_decimal_cells(text, value, places, percent):
    n = read_number(text)
    if value is None:
        assert n is None
        return
    assert (n.value, n.places, n.percent) == (Decimal(value), places, percent)


def test_an_ambiguous_cell_follows_the_convention_asked_for():
    assert read_number("1.667").ambiguous
    assert read_number("1.667").value == Decimal(1667)
    dot = read_number("1.667", Convention.EN)
    assert (dot.value, dot.places) == (Decimal("1.667"), 3)
    assert read_number("1,667", Convention.EN).value == Decimal(1667)
    assert not read_number("0.667").ambiguous  # no grouping starts with 0


def test_truncate_cuts_instead_of_rounding():
    assert truncate(Decimal("105.569"), 2) == Decimal("105.56")
    assert round_half_up(Decimal("105.569"), 2) == Decimal("105.57")


def test_find_numbers_marks_formula_operands_and_keeps_claims():
    text = "Capaian = (Realisasi / Target) x 100%; (50 : 3) x 100% = 1667%. Capaian: 105,56 %."
    found = [(n.number.text, n.formula) for n in find_numbers(text)]
    assert found == [
        ("100%", True),
        ("50", True),
        ("3", True),
        ("100%", True),
        ("1667%", False),
        ("105,56 %", False),
    ]


def test_find_numbers_reads_signs_ranges_and_sentence_ends():
    found = [
        (n.number.value, n.number.percent) for n in find_numbers("turun -5,5% (10-20%) naik 12.")
    ]
    assert found == [
        (Decimal("-5.5"), True),
        (Decimal(10), False),
        (Decimal(20), True),
        (Decimal(12), False),
    ]
