"""The dashboard's pure functions: trend by polarity, lateness, rankings."""

from datetime import date
from decimal import Decimal as D

import pytest

from kinerja.dashboard import calc
from kinerja.dashboard.calc import Trend


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        (D("58.77"), D("71"), "higher_is_better", Trend.DOWN),
        (D("92.2"), D("85.83"), "higher_is_better", Trend.UP),
        (D("100"), D("100"), "higher_is_better", Trend.SAME),
        # a time or cost that falls is an improvement
        (D("7"), D("15"), "lower_is_better", Trend.UP),
        (D("15"), D("7"), "lower_is_better", Trend.DOWN),
        (None, D("3"), "higher_is_better", Trend.NONE),
        (D("3"), None, "lower_is_better", Trend.NONE),
    ],
)
def test_trend_follows_the_polarity(current, previous, polarity, expected):
    assert calc.trend(current, previous, polarity) is expected


def test_a_range_indicator_improves_when_it_comes_closer_to_its_band():
    band = {"target": D("10"), "target_max": D("20")}
    assert calc.trend(D("22"), D("30"), "range", **band) is Trend.UP
    assert calc.trend(D("5"), D("9"), "range", **band) is Trend.DOWN
    assert calc.trend(D("12"), D("18"), "range", **band) is Trend.SAME  # both inside
    assert calc.trend(D("12"), D("18"), "range", D("10"), None) is Trend.NONE


def test_a_window_is_closed_only_after_its_last_day_and_a_reopening_extends_it():
    closes = date(2023, 4, 15)
    assert not calc.window_closed(closes, None, date(2023, 4, 15))
    assert calc.window_closed(closes, None, date(2023, 4, 16))
    assert not calc.window_closed(closes, date(2023, 5, 1), date(2023, 4, 20))
    assert calc.window_closed(closes, date(2023, 5, 1), date(2023, 5, 2))


@pytest.mark.parametrize(
    ("status", "closed", "expected"),
    [
        (None, False, (False, False)),
        ("draft", False, (False, False)),
        (None, True, (False, True)),  # missing
        ("draft", True, (True, False)),  # late
        ("returned", True, (True, False)),
        ("submitted", True, (False, False)),
        ("verified", True, (False, False)),
        ("approved", True, (False, False)),
    ],
)
def test_quarter_state_after_the_window(status, closed, expected):
    assert calc.quarter_state(status, closed) == expected


def test_rank_shares_a_rank_on_printed_ties_and_lists_missing_values_last():
    items = [("a", D("98")), ("b", D("99.4")), ("c", None), ("d", D("97.999")), ("e", D("90"))]
    ranked = calc.rank(items, key=lambda item: item[1])
    assert [(r.rank, r.item[0]) for r in ranked] == [
        (1, "b"),
        (2, "a"),
        (2, "d"),  # 97.999 prints as 98,00
        (4, "e"),
        (None, "c"),
    ]
