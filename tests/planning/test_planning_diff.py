"""The comparison of two Renstra versions: a pure function over snapshots."""

from decimal import Decimal

import pytest

from kinerja.measurement.calc import TargetValue
from kinerja.planning.selectors import (
    IndicatorFacts,
    NameChange,
    PlanSnapshot,
    TargetChange,
    diff_plan_versions,
)


def facts(code, name="Indikator", unit="Persen", **targets):
    return IndicatorFacts(
        code, name, unit, {int(y[1:]): TargetValue(v) for y, v in targets.items()}
    )


def plan(number, *indicators, goals=None, objectives=None):
    return PlanSnapshot(
        number=number,
        goals=goals or {"T1": "Tujuan satu"},
        objectives=objectives or {"SK1": "Sasaran satu"},
        indicators={i.code: i for i in indicators},
    )


def test_identical_versions_have_no_changes():
    a = plan(1, facts("SK1.1", y2023=30, y2024=30))
    b = plan(2, facts("SK1.1", y2023=Decimal("30.000000"), y2024=30))
    diff = diff_plan_versions(a, b)
    assert diff.empty
    assert (diff.old_number, diff.new_number) == (1, 2)


def test_it_lists_added_and_removed_indicators_in_their_versions_order():
    old = plan(1, facts("SK1.1"), facts("SK1.2"), facts("SK1.3"))
    new = plan(2, facts("SK1.1"), facts("SK2.2"), facts("SK2.1"))
    diff = diff_plan_versions(old, new)
    assert [f.code for f in diff.added] == ["SK2.2", "SK2.1"]
    assert [f.code for f in diff.removed] == ["SK1.2", "SK1.3"]
    assert diff.targets == [] and diff.renamed == []


def test_it_reports_each_changed_target_by_year():
    old = plan(1, facts("SK1.1", y2022=None, y2023=30, y2024=30))
    new = plan(2, facts("SK1.1", y2022=None, y2023=35, y2024=30, y2021=10))
    diff = diff_plan_versions(old, new)
    assert diff.targets == [
        TargetChange("SK1.1", "Indikator", "Persen", 2021, None, TargetValue(10)),
        TargetChange("SK1.1", "Indikator", "Persen", 2023, TargetValue(30), TargetValue(35)),
    ]


def test_na_is_not_the_same_as_no_target():
    old = plan(1, facts("SK1.1", y2023=None))  # the Renstra says N/A
    new = plan(2, facts("SK1.1"))  # no target row at all
    (change,) = diff_plan_versions(old, new).targets
    assert change.old == TargetValue(None) and change.new is None


def test_range_bounds_are_compared():
    old = plan(1, IndicatorFacts("R1", "Suhu", "derajat", {2023: TargetValue(20, 25)}))
    new = plan(2, IndicatorFacts("R1", "Suhu", "derajat", {2023: TargetValue(20, 26)}))
    (change,) = diff_plan_versions(old, new).targets
    assert change.new.max_value == Decimal(26)


def test_it_reports_renamed_goals_objectives_indicators_and_satuan():
    old = plan(
        1,
        facts("SK1.1", name="Produktivitas perusahaan", unit="Persen"),
        goals={"T1": "Meningkatkan infrastruktur"},
        objectives={"SK1": "Meningkatnya daya saing"},
    )
    new = plan(
        2,
        facts("SK1.1", name="Produktivitas/efisiensi perusahaan", unit="Perusahaan"),
        goals={"T1": "Meningkatkan kemampuan infrastruktur"},
        objectives={"SK1": "Meningkatnya daya saing"},
    )
    diff = diff_plan_versions(old, new)
    assert diff.renamed == [
        NameChange(
            "goal", "T1", "Meningkatkan infrastruktur", "Meningkatkan kemampuan infrastruktur"
        ),
        NameChange(
            "indicator", "SK1.1", "Produktivitas perusahaan", "Produktivitas/efisiensi perusahaan"
        ),
    ]
    assert diff.unit_changed == [NameChange("indicator", "SK1.1", "Persen", "Perusahaan")]


@pytest.mark.parametrize("spacing", ["Meningkatnya  daya saing", "Meningkatnya\ndaya saing "])
def test_a_name_retyped_with_other_spacing_is_unchanged(spacing):
    old = plan(1, objectives={"SK1": "Meningkatnya daya saing"})
    new = plan(2, objectives={"SK1": spacing})
    assert diff_plan_versions(old, new).empty


def test_targets_of_an_added_indicator_are_not_listed_as_changes():
    diff = diff_plan_versions(plan(1), plan(2, facts("SK9.1", y2023=5)))
    assert [f.code for f in diff.added] == ["SK9.1"] and diff.targets == []
