"""The formula language (measurement.formula): parsing, errors with places, evaluation."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.measurement.formula import (
    MAX_DEPTH,
    FormulaError,
    cycle,
    evaluate,
    parse,
    references,
)

D = Decimal


def table(values: dict):
    """A lookup over {(code, year, period): value}; indicators as ("ind:CODE", …)."""

    def lookup(kind, code, year, period):
        key = (code if kind == "element" else f"ind:{code}", year, period)
        value = values.get(key)
        return (None if value is None else D(value)), {}

    return lookup


def run(text, values, year=2024, period="year"):
    return evaluate(parse(text), year, period, table(values))


# -- the three formulas of the issue ------------------------------------------------------
def test_on_time_share_of_decided_cases():
    values = {("selesai_tepat_waktu", 2024, "year"): "45", ("diputus", 2024, "year"): "60"}
    out = run("selesai_tepat_waktu / diputus * 100", values)
    assert out.value == D(75)
    assert out.reason is None
    assert out.inputs == [
        {"element": "selesai_tepat_waktu", "year": 2024, "period": "year", "value": "45"},
        {"element": "diputus", "year": 2024, "period": "year", "value": "60"},
    ]


def test_satisfied_respondents():
    out = run(
        "puas / responden * 100",
        {("puas", 2024, "q2"): "7", ("responden", 2024, "q2"): "8"},
        period="q2",
    )
    assert out.value == D("87.5")


def test_backlog_reduction_uses_the_previous_year():
    values = {("sisa", 2023, "year"): "40", ("sisa", 2024, "year"): "30"}
    out = run("(prev(sisa) - sisa) / prev(sisa) * 100", values)
    assert out.value == D(25)
    assert [(i["year"], i["value"]) for i in out.inputs] == [(2023, "40"), (2024, "30")]


# -- arithmetic -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("10 - 4 - 3", "3"),
        ("100 / 4 / 5", "5"),
        ("-2 * -3", "6"),
        ("+5 - -5", "10"),
        ("1 / 3 * 3", "0.9999999999999999999999999999999999"),  # 34 digits
        ("0.1 + 0.2", "0.3"),
        ("min(3, 1, 2)", "1"),
        ("max(3, 1, 2)", "3"),
        ("abs(2 - 5)", "3"),
    ],
)
def test_arithmetic_is_exact_decimal(text, value):
    assert run(text, {}).value == D(value)


def test_ytd_sums_the_quarters_up_to_the_period():
    values = {("x", 2024, f"q{q}"): str(q * 10) for q in range(1, 5)}
    assert run("ytd(x)", values, period="q1").value == 10
    assert run("ytd(x)", values, period="q3").value == 60
    assert run("ytd(x)", values, period="year").value == 100
    assert (
        run(
            "ytd(x) - prev(ytd(x))", {**values, **{("x", 2023, f"q{q}"): "1" for q in range(1, 5)}}
        ).value
        == 96
    )


def test_indicator_reference():
    out = run('ind("IKU 1.1") * 2', {("ind:IKU 1.1", 2024, "year"): "4"})
    assert out.value == 8
    assert out.inputs == [{"indicator": "IKU 1.1", "year": 2024, "period": "year", "value": "4"}]


# -- not computable, never an exception, never 0 ----------------------------------------------
def test_division_by_zero_is_not_computable():
    out = run("a / b * 100", {("a", 2024, "year"): "5", ("b", 2024, "year"): "0"})
    assert out.value is None
    assert out.reason == "division by zero at character 3 (2024 (year))"
    assert {i["element"]: i["value"] for i in out.inputs} == {"a": "5", "b": "0"}


def test_missing_value_is_not_computable():
    out = run("a + prev(b)", {("a", 2024, "q1"): "5"}, period="q1")
    assert out.value is None
    assert out.reason == "no value of b for 2023 Q1"


def test_overflow_is_not_computable():
    out = run("x * x * x * x * x", {("x", 2024, "year"): "1E+300000"})
    assert out.value is None and out.reason == "the result is too large to compute"


# -- parse errors, with the place and the reason ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("", 0, "the formula is empty"),
        ("a +", 3, "expected a number, a code or '(', found the end"),
        ("(a + b", 6, "expected ')', found the end"),
        ("a b", 2, "unexpected 'b'"),
        ("a % b", 2, "unexpected character '%'"),
        ("12,5", 2, "unexpected ',' (decimals are written with a point: 12.5)"),
        ("foo(a)", 0, "unknown function 'foo' (known: prev, ytd, abs, min, max, ind)"),
        ("prev(a, b)", 0, "prev takes 1 argument(s), got 2"),
        ("max()", 0, "max takes at least 1 argument(s), got 0"),
        ("ind(a)", 4, "ind takes an indicator code in quotes"),
        ('"a" + 1', 0, 'a quoted code stands only in ind("CODE")'),
        ('ind("a', 4, "a quoted code is not closed"),
        ("a * * b", 4, "expected a number, a code or '(', found '*'"),
    ],
)
def test_parse_errors_name_the_place(text, position, message):
    with pytest.raises(FormulaError) as err:
        parse(text)
    assert (err.value.position, err.value.message) == (position, message)
    assert str(err.value) == f"at character {position + 1}: {message}"


def test_depth_and_length_are_bounded():
    with pytest.raises(FormulaError, match="nested more than"):
        parse("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(FormulaError, match="nested more than"):
        parse("-" * 200 + "1")
    with pytest.raises(FormulaError, match="longer than"):
        parse("1+" * 600 + "1")
    assert parse("(" * 10 + "1" + ")" * 10)


def test_references():
    elements, indicators = references(parse('a + prev(b) / ytd(c) + ind("X") - min(a, 2)'))
    assert elements == {"a", "b", "c"}
    assert indicators == {"X"}


def test_cycle():
    assert cycle({"A": {"B"}, "B": {"C"}, "C": set()}) is None
    assert cycle({"A": {"B"}, "B": {"A"}}) == ["A", "B", "A"]
    assert cycle({"A": {"A"}}) == ["A", "A"]
    assert cycle({"A": {"B"}, "B": {"C"}, "C": {"B"}, "D": {"A"}}) == ["B", "C", "B"]
    assert cycle({"A": {"manual"}}) is None  # an indicator without a formula ends the path


# -- properties ---------------------------------------------------------------------------------
_ALPHABET = st.sampled_from(list('abxy_019. +-*/(),"%ind prev ytd min max abs\t\n'))


@settings(max_examples=500, deadline=None)
@given(st.text(_ALPHABET, max_size=40) | st.text(max_size=40))
def test_parse_raises_nothing_but_formula_error(text):
    try:
        node = parse(text)
    except FormulaError as exc:
        assert 0 <= exc.position <= len(text)
        return
    references(node)


_numbers = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False)


@st.composite
def formulas(draw, depth=3):
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(["a", "b", "0", "1", "2.5", "prev(a)", "ytd(b)"]))
    op = draw(st.sampled_from(["+", "-", "*", "/"]))
    left, right = draw(formulas(depth=depth - 1)), draw(formulas(depth=depth - 1))
    shape = draw(st.sampled_from(["{} {} {}", "({} {} {})", "max({0}, {2}) {1} {2}"]))
    return shape.format(left, op, right)


@settings(max_examples=300, deadline=None)
@given(
    formulas(),
    st.dictionaries(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.sampled_from([2023, 2024]),
            st.sampled_from(["q1", "q2", "q3", "q4", "year"]),
        ),
        _numbers | st.just(Decimal(0)),
    ),
    st.sampled_from(["q1", "q2", "q3", "q4", "year"]),
)
def test_evaluation_never_raises(text, values, period):
    out = evaluate(parse(text), 2024, period, table(values))
    if out.value is None:
        assert out.reason
    else:
        assert out.reason is None and out.value.is_finite()


@settings(max_examples=200, deadline=None)
@given(_numbers, _numbers)
def test_division_matches_decimal_or_is_not_computable(a, b):
    out = run("a / b", {("a", 2024, "year"): a, ("b", 2024, "year"): b})
    if b == 0:
        assert out.value is None and out.reason.startswith("division by zero")
    else:
        assert abs(out.value - a / b) <= abs(a / b) * D("1e-26")
