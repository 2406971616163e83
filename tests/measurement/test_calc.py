"""kinerja.measurement.calc: achievement, aggregation and growth (DESIGN §4)."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja.core.numbers import round_half_up
from kinerja.measurement.calc import (
    Achievement,
    Aggregation,
    LowerFormula,
    Polarity,
    Reason,
    Status,
    TargetKind,
    TargetValue,
    achievement,
    aggregate,
    growth_pct,
    mean_achievement,
)

D = Decimal
HIGHER, LOWER, RANGE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.RANGE


def T(value, max_value=None):  # noqa: N802 - reads like the formulas
    return TargetValue(None if value is None else D(value), max_value=max_value)


def _dec(min_value, max_value):
    return st.decimals(
        min_value=D(min_value),
        max_value=D(max_value),
        places=6,
        allow_nan=False,
        allow_infinity=False,
    )


positive = _dec("0.000001", "1e12")
non_negative = _dec("0", "1e12")
any_measure = _dec("-1e12", "1e12")
caps = _dec("100", "1000")
formulas = st.sampled_from(list(LowerFormula))


# --- seed examples ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realization", "target", "expected"),
    [
        ("53.3", "30", "177.67"),
        ("58.77", "40", "146.93"),
        ("3.69", "3.6", "102.50"),
        ("7", "2", "350.00"),
        ("28.09", "5", "561.80"),
        ("92.2", "45", "204.89"),
        ("100", "93", "107.53"),
        ("87.87", "75", "117.16"),
        ("4.97", "4", "124.25"),
        ("76.8", "75", "102.40"),
        ("98", "90", "108.89"),
    ],
)
def test_higher_is_better_matches_the_seed(realization, target, expected):
    result = achievement(T(target), D(realization))
    assert result.status is Status.ACHIEVED
    assert result.reason is None
    assert str(result.pct_rounded) == expected


def test_achievement_keeps_full_precision():
    result = achievement(T("30"), D("53.3"))
    assert result.pct == D("53.3") * 100 / D("30")
    assert result.pct != result.pct_rounded


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        ("3238083250", "4147659000", "28.09"),  # PNBP 2022 → 2023
        ("2482", "2938", "18.37"),  # service orders
        ("100", "90", "-10.00"),
    ],
)
def test_growth_matches_the_seed(previous, current, expected):
    assert str(round_half_up(growth_pct(D(previous), D(current)))) == expected


def test_growth_from_zero_or_missing_year_is_not_computable():
    assert growth_pct(D("0"), D("5")) is None
    assert growth_pct(None, D("5")) is None
    assert growth_pct(D("5"), None) is None


# --- not computable -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "realization", "polarity", "kwargs", "reason"),
    [
        (None, D("5"), HIGHER, {}, Reason.NO_TARGET),
        (None, None, LOWER, {}, Reason.NO_TARGET),
        (T(None), D("5"), HIGHER, {}, Reason.TARGET_NA),
        (T(None), None, RANGE, {}, Reason.TARGET_NA),
        (T("0"), D("5"), HIGHER, {}, Reason.TARGET_ZERO),
        (T("0"), None, HIGHER, {}, Reason.TARGET_ZERO),
        (T("0"), None, LOWER, {}, Reason.NO_REALIZATION),
        (T("30"), None, HIGHER, {}, Reason.NO_REALIZATION),
        (T("30"), None, LOWER, {}, Reason.NO_REALIZATION),
        (T("1", D("2")), None, RANGE, {}, Reason.NO_REALIZATION),
        (
            T("10"),
            D("0"),
            LOWER,
            {"lower_formula": LowerFormula.TARGET_OVER_REALIZATION},
            Reason.REALIZATION_ZERO,
        ),
        (T("5"), D("5"), RANGE, {}, Reason.INVALID_RANGE),  # no max
        (T("5", D("4")), D("5"), RANGE, {}, Reason.INVALID_RANGE),  # min > max
        (T("0", D("10")), D("-1"), RANGE, {}, Reason.TARGET_ZERO),  # below a zero minimum
        (
            T("-10"),
            D("5"),
            LOWER,
            {"lower_formula": LowerFormula.TARGET_OVER_REALIZATION},
            Reason.NOT_POSITIVE,
        ),
        (
            T("10"),
            D("-5"),
            LOWER,
            {"lower_formula": LowerFormula.TARGET_OVER_REALIZATION},
            Reason.NOT_POSITIVE,
        ),
        (
            TargetValue(None, kind=TargetKind.NOT_STATED),
            D("5"),
            HIGHER,
            {},
            Reason.TARGET_NOT_STATED,
        ),
        (TargetValue(None, kind="increase"), None, HIGHER, {}, Reason.NO_REALIZATION),
        (TargetValue(None, kind="decrease"), D("5"), LOWER, {}, Reason.NO_PREVIOUS),
    ],
)
def test_not_computable_cases_give_a_reason_and_no_pct(
    target, realization, polarity, kwargs, reason
):
    result = achievement(target, realization, polarity, **kwargs)
    assert result == Achievement(pct=None, status=Status.NOT_COMPUTABLE, reason=reason)
    assert result.pct_rounded is None
    assert not result.is_computable


# --- lower is better, range, cap ----------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "realization", "formula", "expected"),
    [
        ("10", "8", LowerFormula.TWO_MINUS_RATIO, "120"),
        ("10", "10", LowerFormula.TWO_MINUS_RATIO, "100"),
        ("10", "15", LowerFormula.TWO_MINUS_RATIO, "50"),
        ("10", "25", LowerFormula.TWO_MINUS_RATIO, "0"),  # floored, not -50
        ("10", "8", LowerFormula.TARGET_OVER_REALIZATION, "125"),
        ("10", "20", LowerFormula.TARGET_OVER_REALIZATION, "50"),
    ],
)
def test_lower_is_better(target, realization, formula, expected):
    result = achievement(T(target), D(realization), LOWER, lower_formula=formula)
    assert result.pct == D(expected)


def test_lower_formula_and_polarity_accept_plain_strings():
    result = achievement(
        T("10"), D("8"), "lower_is_better", lower_formula="target_over_realization"
    )
    assert result.pct == D("125")


@pytest.mark.parametrize(
    ("realization", "expected", "status"),
    [
        ("5", "100", Status.ACHIEVED),  # min
        ("7", "100", Status.ACHIEVED),
        ("10", "100", Status.ACHIEVED),  # max
        ("2.5", "50", Status.NOT_ACHIEVED),  # below min: 2.5 / 5
        ("12", "80", Status.NOT_ACHIEVED),  # above max: (20 - 12) / 10
    ],
)
def test_range_compares_with_the_nearer_bound(realization, expected, status):
    result = achievement(T("5", D("10")), D(realization), RANGE)
    assert (result.pct, result.status) == (D(expected), status)


def test_range_above_max_uses_the_selected_lower_formula():
    result = achievement(
        T("5", D("10")),
        D("20"),
        RANGE,
        lower_formula=LowerFormula.TARGET_OVER_REALIZATION,
    )
    assert result.pct == D("50")


def test_cap_limits_the_percentage_but_keeps_it_achieved():
    result = achievement(T("30"), D("53.3"), cap=D("120"))
    assert (result.pct, result.status) == (D("120"), Status.ACHIEVED)
    assert achievement(T("30"), D("33"), cap=D("120")).pct == D("110")


def test_cap_below_100_is_refused():
    with pytest.raises(ValueError, match="cap"):
        achievement(T("30"), D("33"), cap=D("90"))


def test_status_uses_full_precision_not_the_rounded_value():
    result = achievement(T("100000"), D("99999.999"))
    assert result.pct_rounded == D("100.00")
    assert result.status is Status.NOT_ACHIEVED


def test_target_value_is_na_only_without_a_value():
    assert T(None).is_na
    assert not T("0").is_na
    assert TargetValue(30).value == D("30")


def test_target_value_refuses_nan_and_booleans():
    with pytest.raises(ValueError):
        TargetValue(D("NaN"))
    with pytest.raises(ValueError):
        TargetValue(True)


# --- aggregation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "rule", "expected"),
    [
        ([D("1"), D("2"), D("3"), D("4")], Aggregation.SUM, D("10")),
        ([D("1"), None, D("3"), None], Aggregation.SUM, D("4")),
        ([D("10"), D("20"), None, None], Aggregation.LAST, D("20")),
        ([D("10"), None, D("30"), D("0")], Aggregation.LAST, D("0")),
        ([D("1"), None, D("2"), None], Aggregation.MEAN, D("1.5")),
        ([D("4.88"), D("5")], Aggregation.MEAN, D("4.94")),
        ([], Aggregation.SUM, None),
        ([None, None, None, None], Aggregation.SUM, None),
        ([None, None, None, None], Aggregation.LAST, None),
        ([None, None], Aggregation.MEAN, None),
    ],
)
def test_aggregate(values, rule, expected):
    assert aggregate(values, rule) == expected


def test_aggregate_accepts_the_rule_as_a_string():
    assert aggregate([D("1"), D("2")], "sum") == D("3")


def test_mean_achievement_skips_not_computable():
    items = [
        achievement(T("30"), D("53.3")),
        achievement(T("4"), D("4.97")),
        achievement(None, D("1")),
        achievement(T("5"), None),
    ]
    expected = (items[0].pct + items[1].pct) / 2
    assert mean_achievement(items) == expected
    assert mean_achievement([items[2], items[3]]) is None
    assert mean_achievement([]) is None


# --- properties ---------------------------------------------------------------------------


@given(positive, non_negative, non_negative)
def test_higher_is_better_is_monotone_in_realization(target, r1, r2):
    low, high = sorted([r1, r2])
    assert achievement(TargetValue(target), low).pct <= achievement(TargetValue(target), high).pct


@given(positive)
def test_higher_is_better_at_target_is_exactly_100_and_achieved(target):
    result = achievement(TargetValue(target), target)
    assert result.pct == 100
    assert result.status is Status.ACHIEVED


@given(positive, any_measure, formulas)
def test_lower_is_better_is_never_negative(target, realization, formula):
    assume(not (formula is LowerFormula.TARGET_OVER_REALIZATION and realization <= 0))
    result = achievement(TargetValue(target), realization, LOWER, lower_formula=formula)
    assert result.pct >= 0


@given(positive, formulas)
def test_lower_is_better_at_target_is_exactly_100(target, formula):
    result = achievement(TargetValue(target), target, LOWER, lower_formula=formula)
    assert result.pct == 100
    assert result.status is Status.ACHIEVED


@given(positive, non_negative, non_negative, formulas)
def test_lower_is_better_is_antitone_in_realization(target, r1, r2, formula):
    assume(r1 > 0 and r2 > 0)
    low, high = sorted([r1, r2])
    a_low = achievement(TargetValue(target), low, LOWER, lower_formula=formula)
    a_high = achievement(TargetValue(target), high, LOWER, lower_formula=formula)
    assert a_low.pct >= a_high.pct


@given(positive, any_measure, caps, st.sampled_from(list(Polarity)), formulas)
def test_cap_is_respected(target, realization, cap, polarity, formula):
    result = achievement(
        TargetValue(target, target * 2),
        realization,
        polarity,
        cap=cap,
        lower_formula=formula,
    )
    if result.pct is not None:
        assert result.pct <= cap
        assert (result.status is Status.ACHIEVED) == (result.pct >= 100)


@given(positive, positive, st.floats(min_value=0, max_value=1))
def test_range_is_100_inside_the_band(a, b, where):
    low, high = sorted([a, b])
    realization = low + (high - low) * Decimal(str(where))
    assume(low <= realization <= high)
    result = achievement(TargetValue(low, high), realization, RANGE)
    assert result.pct == 100
    assert result.status is Status.ACHIEVED


@given(st.lists(st.one_of(st.none(), any_measure), max_size=4))
def test_aggregate_sum_equals_sum_of_reported(values):
    reported = [v for v in values if v is not None]
    expected = sum(reported, Decimal(0)) if reported else None
    assert aggregate(values, Aggregation.SUM) == expected


@given(
    st.lists(st.one_of(st.none(), any_measure), max_size=3),
    any_measure,
    st.integers(min_value=0, max_value=3),
)
def test_aggregate_last_ignores_trailing_nones(head, last, trailing):
    values = [*head, last, *([None] * trailing)]
    assert aggregate(values, Aggregation.LAST) == last


@given(st.lists(st.one_of(st.none(), any_measure), max_size=4))
def test_aggregate_mean_lies_between_min_and_max(values):
    reported = [v for v in values if v is not None]
    result = aggregate(values, Aggregation.MEAN)
    if not reported:
        assert result is None
    else:
        assert min(reported) <= result <= max(reported)


@given(positive, any_measure)
def test_growth_sign_follows_the_change(previous, current):
    growth = growth_pct(previous, current)
    assert (growth > 0) == (current > previous)
    assert (growth == 0) == (current == previous)


# --- the edges (docs/measurement-rules.md) ------------------------------------------------


@pytest.mark.parametrize("formula", list(LowerFormula))
@pytest.mark.parametrize(
    ("realization", "expected", "status"),
    [
        ("0", "100", Status.ACHIEVED),
        ("3", "0", Status.NOT_ACHIEVED),
        ("-1", "100", Status.ACHIEVED),
    ],
)
def test_a_zero_target_of_a_lower_is_better_indicator_is_met_only_by_zero(
    formula, realization, expected, status
):
    # Rule 2: "0 temuan" — no finding is 100 %, any finding 0 %, whatever the formula.
    result = achievement(T("0"), D(realization), LOWER, lower_formula=formula)
    assert (result.pct, result.status, result.reason) == (D(expected), status, None)


def test_a_range_with_a_zero_maximum_follows_the_zero_target_rule_above_it():
    assert achievement(T("0", D("0")), D("1"), RANGE).pct == 0
    assert achievement(T("0", D("0")), D("0"), RANGE).pct == 100


@pytest.mark.parametrize(
    ("target", "realization", "expected"),
    [
        ("30", "-1000", "0"),  # a backlog that grew: floored, not -3333.33
        ("30", "-0.5", "0"),
        ("-10", "-10", "100"),  # a planned decline of 10 reached exactly
        ("-10", "-5", "150"),  # half the decline: 5 points better than the target
        ("-10", "-15", "50"),
        ("-10", "-25", "0"),  # floored
        ("-10", "0", "200"),
    ],
)
def test_negative_numbers_higher_is_better(target, realization, expected):
    # Rule 3: floored at 0; a negative target is judged by the distance from it.
    assert achievement(T(target), D(realization)).pct == D(expected)


@pytest.mark.parametrize(
    ("target", "realization", "expected"),
    [("-10", "-10", "100"), ("-10", "-15", "150"), ("-10", "-5", "50"), ("-10", "1", "0")],
)
def test_negative_numbers_lower_is_better(target, realization, expected):
    assert achievement(T(target), D(realization), LOWER).pct == D(expected)


def test_negative_realizations_do_not_drag_the_mean_below_zero():
    items = [achievement(T("30"), D("-1000")), achievement(T("30"), D("30"))]
    assert mean_achievement(items) == 50


@pytest.mark.parametrize(
    ("kind", "previous", "realization", "expected", "status"),
    [
        ("decrease", "12", "9", "100", Status.ACHIEVED),
        ("decrease", "12", "12", "0", Status.NOT_ACHIEVED),  # unchanged is not a decrease
        ("decrease", "12", "14", "0", Status.NOT_ACHIEVED),
        ("increase", "70", "71.5", "100", Status.ACHIEVED),
        ("increase", "70", "70", "0", Status.NOT_ACHIEVED),
        ("increase", "-3", "-1", "100", Status.ACHIEVED),
    ],
)
def test_a_direction_only_target_is_judged_against_last_year(
    kind, previous, realization, expected, status
):
    # Rule 4: "menurun" / "meningkat" against last year's realization.
    for polarity in (HIGHER, LOWER):  # the stated direction decides, not the polarity
        result = achievement(
            TargetValue(None, kind=kind), D(realization), polarity, previous=D(previous)
        )
        assert (result.pct, result.status) == (D(expected), status)


def test_a_direction_target_has_no_value_and_is_neither_na_nor_not_stated():
    target = TargetValue(None, kind=TargetKind.DECREASE)
    assert target.is_direction and not target.is_na
    assert not TargetValue(None, kind=TargetKind.NOT_STATED).is_na
    with pytest.raises(ValueError, match="no value"):
        TargetValue(D("3"), kind=TargetKind.INCREASE)


@pytest.mark.parametrize(
    ("target", "realization", "expected", "status"),
    [
        ("4", "4", "100", Status.ACHIEVED),  # WTP target, WTP
        ("3", "4", "100", Status.ACHIEVED),  # passing the level earns no more than 100
        ("4", "3", "75", Status.NOT_ACHIEVED),  # WDP against WTP: score 3 of 4
        ("3", "2", "66.66666666666666666666666667", Status.NOT_ACHIEVED),  # SPIP 2 of 3
        ("0", "0", "100", Status.ACHIEVED),  # the lowest level, reached
    ],
)
def test_a_level_of_a_scale_reached_or_passed_is_achieved(target, realization, expected, status):
    # Rule 5: scores of ordered levels; the polarity does not apply.
    for polarity in Polarity:
        result = achievement(
            TargetValue(D(target)), D(realization), polarity, on_scale=True, cap=D(120)
        )
        assert (result.pct, result.status) == (D(expected), status)


@given(_dec("0", "10"), _dec("0", "10"))
def test_on_a_scale_the_percentage_is_never_above_100_and_achieved_means_reached(t, r):
    result = achievement(TargetValue(t), r, on_scale=True)
    assert 0 <= result.pct <= 100
    assert (result.status is Status.ACHIEVED) == (r >= t)
