"""The consolidated (SQL) achievement must agree with calc.py on every rule."""

import copy
import random
from decimal import Decimal

import pytest

from kinerja.core.numbers import round_half_up
from kinerja.datasets.load import load_data
from kinerja.measurement import calc
from kinerja.measurement.consolidation import consolidated_measures
from kinerja.measurement.selectors import unit_measures
from kinerja.org.models import Unit
from kinerja.planning.scales import BUILTIN

pytestmark = pytest.mark.django_db

POLARITIES = ["higher_is_better", "lower_is_better", "range"]
AGGREGATIONS = ["sum", "last", "mean"]


def random_target(rng: random.Random, polarity: str):
    """Every kind of target: numbers (zero and negative ones too), N/A, not stated,
    direction only, ranges."""
    roll = rng.random()
    if polarity == "range":
        low = Decimal(rng.randint(-5, 50))
        return {"min": low, "max": low + rng.randint(0, 20)}
    if roll < 0.08:
        return None  # N/A
    if roll < 0.15:
        return Decimal(0)
    if roll < 0.20:
        return "not_stated"
    if roll < 0.30:
        return {"direction": rng.choice(["increase", "decrease"])}
    if roll < 0.36:
        return -Decimal(rng.randint(1, 500)) / Decimal(rng.choice([1, 10]))
    return Decimal(rng.randint(1, 10_000)) / Decimal(rng.choice([1, 10, 100]))


def random_rows(rng: random.Random, code: str, year: int, periods: list[str]) -> list[dict]:
    """A year row, some quarters (or semesters), or nothing; some values negative."""
    rows = []
    shape = rng.random()
    sign = -1 if rng.random() < 0.1 else 1
    if shape < 0.4:
        rows.append({"period": "year", "value": sign * Decimal(rng.randint(0, 20_000)) / 100})
    elif shape < 0.9:
        for quarter in rng.sample(periods, rng.randint(1, len(periods))):
            rows.append({"period": quarter, "value": sign * Decimal(rng.randint(0, 5_000)) / 10})
    # else: no realization at all
    return [{"indicator": code, "year": year, **row} for row in rows]


SCALES = {code: BUILTIN[code].codes for code in ("bpk_opinion", "sakip_grade", "spip_maturity")}


def random_scale_indicator(rng: random.Random, code: str) -> tuple[dict, dict, list[dict]]:
    """An indicator whose targets and realizations are levels of a shipped scale."""
    scale = rng.choice(sorted(SCALES))
    levels = SCALES[scale]
    roll = rng.random()
    target = None if roll < 0.1 else {"direction": "increase"} if roll < 0.2 else rng.choice(levels)
    indicator = {
        "code": code,
        "name": f"Indikator {code}",
        "unit": "Predikat",
        "scale": scale,
        "targets": {2023: target},
    }
    realizations = []
    for year in (2022, 2023):
        shape = rng.random()
        if shape < 0.5:
            rows = [{"period": "year", "value": rng.choice(levels)}]
        elif shape < 0.9:
            rows = [
                {"period": q, "value": rng.choice(levels)}
                for q in rng.sample(["q1", "q2", "q3", "q4"], rng.randint(1, 4))
            ]
        else:
            rows = []
        realizations += [{"indicator": code, "year": year, **row} for row in rows]
    return indicator, {"code": code, "target": target}, realizations


def random_indicator(rng: random.Random, code: str) -> tuple[dict, dict, list[dict]]:
    if rng.random() < 0.2:
        return random_scale_indicator(rng, code)
    polarity = rng.choice(POLARITIES)
    aggregation = rng.choice(AGGREGATIONS)
    target = random_target(rng, polarity)
    semiannual = rng.random() < 0.2
    indicator = {
        "code": code,
        "name": f"Indikator {code}",
        "unit": "Persen",
        "polarity": polarity,
        "aggregation": aggregation,
        "targets": {2023: target},
    }
    periods = ["q1", "q2", "q3", "q4"]
    if semiannual:
        indicator["frequency"], periods = "semiannual", ["s1", "s2"]
    realizations = random_rows(rng, code, 2023, periods)
    # Last year's values, which direction-only targets are judged against: recorded on
    # the indicator of the 2022 agreement's plan version (another row with the same code).
    realizations += random_rows(rng, code, 2022, periods)
    return indicator, {"code": code, "target": target}, realizations


def random_dataset(rng: random.Random, unit_code: str) -> dict:
    indicators, items, realizations = [], [], []
    for i in range(12):
        indicator, item, rows = random_indicator(rng, f"SK1.{i + 1}")
        indicators.append(indicator)
        items.append(item)
        realizations.extend(rows)

    def version(number: int, in_force: bool) -> dict:
        return {
            "number": number,
            "in_force": in_force,
            "goals": [{"code": "T1", "name": "Tujuan"}],
            "objectives": [
                {
                    "code": "SK1",
                    "goal": "T1",
                    "perspective": "customer",
                    "name": "Sasaran",
                    "indicators": indicators,
                }
            ],
        }

    return {
        "kinerja_dataset": 2,
        "units": [{"code": "parent", "name": "Badan", "kind": "echelon1"}],
        "unit": {"code": unit_code, "name": unit_code, "kind": "satker", "parent": "parent"},
        "plans": [
            {
                "code": "p",
                "name": "Renstra",
                "start_year": 2022,
                "end_year": 2024,
                "lower_is_better_formula": rng.choice(
                    ["two_minus_ratio", "target_over_realization"]
                ),
                "achievement_cap": rng.choice([None, Decimal(120)]),
                "versions": [version(1, False), version(2, True)],
            }
        ],
        "agreements": [
            {
                "year": 2022,
                "plan": "p",
                "plan_version": 1,
                "versions": [{"number": 1, "status": "signed", "indicators": items}],
            },
            {
                "year": 2023,
                "plan": "p",
                "plan_version": 2,
                "versions": [
                    {"number": 1, "status": "draft", "indicators": items[:6]},
                    {"number": 2, "status": "signed", "indicators": items},
                    {"number": 3, "status": "draft", "indicators": items[:3]},
                ],
            },
        ],
        "realizations": realizations,
    }


def test_consolidated_measures_agree_with_calc_on_every_rule():
    rng = random.Random(20231231)
    codes = [f"unit-{i}" for i in range(10)]
    for code in codes:
        load_data(random_dataset(rng, code))

    summaries = {
        s.unit_code: s for s in consolidated_measures(Unit.objects.get(code="parent"), 2023)
    }
    assert sorted(summaries) == codes
    statuses, reasons, exercised = set(), set(), set()
    for code in codes:
        exact = unit_measures(Unit.objects.get(code=code), 2023)
        summary = summaries[code]
        assert len(exact.indicators) == 12  # the signed version 2, not the later draft
        assert summary.indicators == 12
        assert summary.achieved == exact.count(calc.Status.ACHIEVED)
        assert summary.not_computable == exact.count(calc.Status.NOT_COMPUTABLE)
        expected = exact.mean_achievement
        got = summary.mean_achievement_pct
        assert (got is None) == (expected is None)
        if expected is not None:
            assert round_half_up(got, 2) == round_half_up(expected, 2), code
        statuses |= {m.achievement.status for m in exact.indicators}
        reasons |= {m.achievement.reason for m in exact.indicators}
        for m in exact.indicators:
            if m.target.is_direction and m.achievement.is_computable:
                exercised.add("direction")
            if m.target.value is not None and m.target.value < 0 and m.achievement.pct:
                exercised.add("negative target")
            if m.realization is not None and m.realization < 0 and m.achievement.is_computable:
                exercised.add("negative realization")
            if m.target.value == 0 and m.polarity == "lower_is_better" and m.realization:
                exercised.add("zero lower")
            if m.provenance.get("quarters", [""])[0].startswith("s") and m.achievement.pct:
                exercised.add("semesters")
            if m.scale is not None and m.achievement.status is calc.Status.NOT_ACHIEVED:
                exercised.add("scale missed")
            if m.scale is not None and m.achievement.status is calc.Status.ACHIEVED:
                exercised.add("scale reached")
    assert statuses == set(calc.Status)  # the random data exercised all three outcomes
    assert reasons >= {
        calc.Reason.TARGET_NOT_STATED,
        calc.Reason.NO_PREVIOUS,
        calc.Reason.TARGET_ZERO,
        calc.Reason.TARGET_NA,
    }
    assert exercised >= {
        "direction",
        "negative target",
        "negative realization",
        "zero lower",
        "scale missed",
        "scale reached",
        "semesters",
    }


def test_units_outside_the_parent_or_without_an_agreement_are_left_out():
    rng = random.Random(1)
    load_data(random_dataset(rng, "unit-a"))
    other = random_dataset(rng, "unit-b")
    other["units"] = [{"code": "other-parent", "name": "Lain", "kind": "echelon1"}]
    other["unit"]["parent"] = "other-parent"
    load_data(other)
    parent = Unit.objects.get(code="parent")
    assert [s.unit_code for s in consolidated_measures(parent, 2023)] == ["unit-a"]
    assert consolidated_measures(parent, 2024) == []


def _agree(parent: Unit, codes: list[str]) -> None:
    """Every unit's consolidated summary equals the per-unit path (calc.py)."""
    summaries = {s.unit_code: s for s in consolidated_measures(parent, 2023)}
    assert sorted(summaries) == sorted(codes)
    for code in codes:
        exact = unit_measures(Unit.objects.get(code=code), 2023)
        summary = summaries[code]
        assert summary.indicators == len(exact.indicators)
        assert summary.achieved == exact.count(calc.Status.ACHIEVED), code
        assert summary.not_computable == exact.count(calc.Status.NOT_COMPUTABLE), code
        expected, got = exact.mean_achievement, summary.mean_achievement_pct
        assert (got is None) == (expected is None), code
        if expected is not None:
            assert round_half_up(got, 2) == round_half_up(expected, 2), code


def test_consolidation_follows_every_write():
    """Nothing is kept between calls: after new realizations and a revised agreement
    with other targets arrive through the loader, the database path still equals calc.py
    on every unit."""
    rng = random.Random(7)
    codes = [f"unit-{i}" for i in range(6)]
    datasets = {code: random_dataset(rng, code) for code in codes}
    for dataset in datasets.values():
        load_data(copy.deepcopy(dataset))
    parent = Unit.objects.get(code="parent")
    _agree(parent, codes)
    before = consolidated_measures(parent, 2023)
    for code in codes[::2]:
        # The same units: other realizations, and a signed revision with other targets.
        dataset = datasets[code]
        dataset["realizations"] = [
            {**row, "value": row["value"] * 3 - 5} if isinstance(row["value"], Decimal) else row
            for row in dataset["realizations"]
        ]
        items = [
            {**item, "target": item["target"] * 2 - 7}
            if isinstance(item["target"], Decimal)
            else item
            for item in dataset["agreements"][1]["versions"][1]["indicators"]
        ]
        revision = {"number": 4, "status": "signed", "indicators": items, "reason": "Revisi"}
        dataset["agreements"][1]["versions"].append(revision)
        load_data(dataset)
    _agree(parent, codes)
    assert consolidated_measures(parent, 2023) != before


def test_the_version_in_force_is_the_highest_signed_else_the_highest_draft():
    """Which version of each agreement counts, as ``Agreement.version_in_force``: a
    unit with drafts only is measured on its highest draft, one with a later draft after
    a signed version on the signed one, one with two signed versions on the higher."""
    rng = random.Random(11)
    shapes = {
        "unit-drafts": [("draft", slice(0, 6)), ("draft", slice(0, 12))],
        "unit-draft-after": [("signed", slice(0, 9)), ("draft", slice(0, 3))],
        "unit-two-signed": [("signed", slice(0, 4)), ("signed", slice(0, 10))],
    }
    expected = {"unit-drafts": 12, "unit-draft-after": 9, "unit-two-signed": 10}
    for code, shape in shapes.items():
        dataset = random_dataset(rng, code)
        items = dataset["agreements"][1]["versions"][1]["indicators"]
        dataset["agreements"][1]["versions"] = [
            {"number": n, "status": status, "indicators": items[part]}
            for n, (status, part) in enumerate(shape, start=1)
        ]
        load_data(dataset)
    parent = Unit.objects.get(code="parent")
    _agree(parent, list(shapes))
    counts = {s.unit_code: s.indicators for s in consolidated_measures(parent, 2023)}
    assert counts == expected


def test_units_at_any_depth_below_the_parent_are_consolidated():
    """Ministry → echelon-1 body → satker: the ministry's consolidation reaches the
    satker two levels down, the body's too, and a unit without units below has none."""
    rng = random.Random(3)
    dataset = random_dataset(rng, "unit-deep")
    dataset["units"] = [
        {"code": "ministry", "name": "Kementerian", "kind": "ministry"},
        {"code": "parent", "name": "Badan", "kind": "echelon1", "parent": "ministry"},
    ]
    load_data(dataset)
    _agree(Unit.objects.get(code="ministry"), ["unit-deep"])
    _agree(Unit.objects.get(code="parent"), ["unit-deep"])
    assert consolidated_measures(Unit.objects.get(code="unit-deep"), 2023) == []
