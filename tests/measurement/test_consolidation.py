"""The consolidated (SQL) achievement must agree with calc.py on every rule."""

import copy
import dataclasses
import datetime
import io
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kinerja.core.numbers import round_half_up
from kinerja.datasets.load import load_data
from kinerja.measurement import calc
from kinerja.measurement.consolidation import consolidated_measures
from kinerja.measurement.models import UnitYearSummary
from kinerja.measurement.selectors import unit_measures
from kinerja.measurement.summaries import invalidate_all
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


# -- the stored per-unit-year summaries (measurement/summaries.py) --------------------------
def _fresh(parent: Unit, year: int = 2023) -> list:
    """The consolidation computed anew from the inputs, no summary used."""
    invalidate_all()
    return consolidated_measures(parent, year)


def _same_figures(got: list, fresh: list) -> None:
    """Field by field: exact on PostgreSQL (numeric); on SQLite the means are floating
    sums whose last bits depend on the order the rows were added, so to 10 places."""
    if connection.vendor == "postgresql":
        assert got == fresh
        return
    assert [dataclasses.replace(s, mean_achievement_pct=None) for s in got] == [
        dataclasses.replace(s, mean_achievement_pct=None) for s in fresh
    ]
    for a, b in zip(got, fresh, strict=True):
        assert (a.mean_achievement_pct is None) == (b.mean_achievement_pct is None)
        if a.mean_achievement_pct is not None:
            assert round_half_up(a.mean_achievement_pct, 10) == round_half_up(
                b.mean_achievement_pct, 10
            ), a.unit_code


def _served_from_summaries(parent: Unit) -> list:
    """The consolidation when every summary is stored and current: one query, the
    versions and the summaries, no input read."""
    with CaptureQueriesContext(connection) as queries:
        summaries = consolidated_measures(parent, 2023)
    assert len(queries.captured_queries) == 1, [q["sql"][:80] for q in queries]
    return summaries


def test_stored_summaries_follow_every_kind_of_write():
    """Data built, a first consolidation stores every unit's summary; then each kind of
    write that changes an input of an achievement, through the services, the loader and
    the ORM: the summaries read afterwards equal calc.py and a computation from scratch.
    A write that did not raise the unit-year's input version would leave the stored
    summary (the figures before it) in place, and these comparisons fail."""
    from django.contrib.auth import get_user_model

    from kinerja.measurement import workflow
    from kinerja.measurement.models import Realization
    from kinerja.planning import services
    from kinerja.planning.models import (
        Agreement,
        AgreementIndicator,
        AgreementVersion,
        Indicator,
        PlanVersion,
        StrategicPlan,
    )

    rng = random.Random(2026)
    codes = [f"unit-{i}" for i in range(5)]
    datasets = {code: random_dataset(rng, code) for code in codes}
    for dataset in datasets.values():
        load_data(copy.deepcopy(dataset))
    parent = Unit.objects.get(code="parent")
    first = consolidated_measures(parent, 2023)
    assert UnitYearSummary.objects.filter(year=2023).count() == len(codes)
    assert consolidated_measures(parent, 2023) == first  # read back from the summaries
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")

    changed = set()

    def step(what: str, code: str, write) -> None:
        """One write between two consolidations: the second, through the summaries,
        equals calc.py and a computation from scratch (which then stores every summary
        again, current, for the next step)."""
        consolidated_measures(parent, 2023)
        before = {s.unit_code: s for s in _served_from_summaries(parent)}
        write()
        got = consolidated_measures(parent, 2023)
        _agree(parent, [c for c in codes if c in {s.unit_code for s in got}])
        _same_figures(got, _fresh(parent))
        if {s.unit_code: s for s in got}.get(code) != before.get(code):
            changed.add(what)

    unit = {code: Unit.objects.get(code=code) for code in codes}

    def with_direction_target() -> str:
        """The first unit with a direction target judged (on last year's value) now."""
        return next(
            code
            for code in codes
            if any(
                m.target.is_direction and m.achievement.is_computable
                for m in unit_measures(unit[code], 2023).indicators
            )
        )

    def indicator(code: str, year: int, number: str) -> Indicator:
        agreement = Agreement.objects.get(unit=unit[code], year=year)
        return agreement.plan_version.indicators.get(code=number)

    # 1. realizations of the year, through the loader (as `kinerja load` and `sync`)
    def load_realizations():
        dataset = copy.deepcopy(datasets["unit-0"])
        dataset["realizations"] = [
            {**row, "value": row["value"] * 2 + 3}
            for row in dataset["realizations"]
            if isinstance(row["value"], Decimal) and row["year"] == 2023
        ]
        load_data(dataset)

    step("realizations loaded", "unit-0", load_realizations)

    # 2. last year's realizations (the previous values of direction targets) of a unit
    # with a direction target judged on them: deleted (ORM), then loaded again
    directed = with_direction_target()

    def previous_deleted():
        Realization.objects.filter(
            indicator__version__plan__unit__code=directed, year=2022
        ).delete()

    def previous_loaded():
        dataset = copy.deepcopy(datasets[directed])
        dataset["realizations"] = [row for row in dataset["realizations"] if row["year"] == 2022]
        load_data(dataset)

    step("last year's realizations deleted", directed, previous_deleted)
    step("last year's realizations loaded", directed, previous_loaded)

    # 3. a realization entered for a quarter (the quarterly workflow)
    def entered():
        sk = indicator("unit-2", 2023, "SK1.1")
        Realization.objects.filter(indicator=sk, year=2023).delete()
        entry = workflow.entry_for(sk, 2023, 4)
        workflow.save_entry(
            entry,
            root,
            value=Decimal("987.5") if sk.scale_id is None else None,
            explanation="Penjelasan",
            target=entry.target,
            today=datetime.date(2024, 1, 10),
        )

    step("a quarter entered", "unit-2", entered)

    # 4. realizations deleted (QuerySet.delete)
    step(
        "realizations deleted",
        "unit-3",
        lambda: Realization.objects.filter(
            indicator__in=Agreement.objects.get(
                unit=unit["unit-3"], year=2023
            ).plan_version.indicators.all()[:6],
            year=2023,
        ).delete(),
    )

    # 4b. realizations uploaded as the year's workbook (planning.services, XLSX)
    def uploaded():
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(services.export_realizations(unit["unit-0"], 2023)))
        sheet = book["Realisasi"]
        header = [c.value for c in sheet[1]]
        numeric = set(
            Agreement.objects.get(unit=unit["unit-0"], year=2023)
            .plan_version.indicators.filter(scale__isnull=True)
            .values_list("code", flat=True)
        )
        for row in sheet.iter_rows(min_row=2):
            if row[0].value in numeric:
                row[header.index("Tahunan")].value = 77
        out = io.BytesIO()
        book.save(out)
        services.apply_realizations(unit["unit-0"], 2023, out.getvalue(), user=root)

    step("realizations uploaded", "unit-0", uploaded)

    # 5. the open draft's targets changed (not in force: no figure changes), the draft
    # signed (now in force), a new revision drafted (the planning services)
    def draft_edited():
        draft = Agreement.objects.get(unit=unit["unit-4"], year=2023).versions.get(number=3)
        targets = {
            item.pk: (Decimal("1"), None)
            for item in draft.items.select_related("indicator")
            if item.indicator.scale_id is None
        }
        services.update_draft(draft, user=root, targets=targets, signatory="A", superior="B")

    def draft_signed():
        draft = Agreement.objects.get(unit=unit["unit-4"], year=2023).versions.get(number=3)
        services.sign_draft(draft, user=root, signed_on=datetime.date(2023, 3, 1))

    step("draft edited", "unit-4", draft_edited)
    step("draft signed", "unit-4", draft_signed)
    step(
        "revision started",
        "unit-4",
        lambda: services.start_revision(
            Agreement.objects.get(unit=unit["unit-4"], year=2023), user=root, reason="Revisi"
        ),
    )

    # 6. a revision through the loader, and the version deleted again (cascade)
    def loaded_revision():
        dataset = copy.deepcopy(datasets["unit-0"])
        items = [
            {**item, "target": item["target"] * 3 - 1}
            if isinstance(item["target"], Decimal)
            else item
            for item in dataset["agreements"][1]["versions"][1]["indicators"]
        ]
        dataset["agreements"][1]["versions"].append(
            {"number": 4, "status": "signed", "indicators": items, "reason": "Revisi"}
        )
        load_data(dataset)

    step("revision loaded", "unit-0", loaded_revision)
    step(
        "signed version deleted",
        "unit-0",
        lambda: AgreementVersion.objects.filter(
            agreement__unit=unit["unit-0"], agreement__year=2023, number=4
        ).delete(),
    )

    # 7. the signed version deleted, so that the draft is in force; one of the draft's
    # items changed (target and kind), another removed (ORM save and delete)
    step(
        "draft in force",
        "unit-1",
        lambda: AgreementVersion.objects.filter(
            agreement__unit=unit["unit-1"], agreement__year=2023, number=2
        ).delete(),
    )

    def item_changed():
        version = Agreement.objects.get(unit=unit["unit-1"], year=2023).version_in_force()
        assert version.number == 3
        item = version.items.filter(indicator__scale__isnull=True).order_by("position").first()
        item.target, item.target_max, item.target_kind = Decimal("-0.5"), None, ""
        item.save()
        version.items.order_by("-position").first().delete()

    step("item changed and removed", "unit-1", item_changed)

    # 7b. a new, empty draft: while no version is signed the highest draft is in force,
    # so the unit has no indicator left (a version created, nothing else)
    def empty_draft():
        agreement = Agreement.objects.get(unit=unit["unit-1"], year=2023)
        AgreementVersion.objects.create(agreement=agreement, number=5, status="draft")

    step("empty draft added", "unit-1", empty_draft)
    assert "unit-1" not in {s.unit_code for s in consolidated_measures(parent, 2023)}
    codes.remove("unit-1")

    # 8. an indicator's polarity and aggregation (the indicator's rules)
    def indicator_changed():
        for sk in Agreement.objects.get(
            unit=unit["unit-2"], year=2023
        ).plan_version.indicators.filter(scale__isnull=True):
            sk.polarity = (
                "lower_is_better" if sk.polarity != "lower_is_better" else "higher_is_better"
            )
            sk.aggregation = "sum" if sk.aggregation != "sum" else "last"
            sk.save()

    step("indicator rules changed", "unit-2", indicator_changed)

    # 9. the plan's lower-is-better formula and achievement cap, through the loader
    def plan_changed():
        dataset = copy.deepcopy(datasets["unit-3"])
        plan = dataset["plans"][0]
        plan["lower_is_better_formula"] = (
            "target_over_realization"
            if plan["lower_is_better_formula"] == "two_minus_ratio"
            else "two_minus_ratio"
        )
        plan["achievement_cap"] = Decimal(105) if plan["achievement_cap"] is None else None
        dataset["realizations"] = []  # the plan only (step 4 deleted some of unit-3's)
        load_data(dataset)

    step("plan formula and cap changed", "unit-3", plan_changed)

    # 10. the plan's cap by ORM save; the plan versions' numbers (the previous value of a
    # direction target falls back on the highest version with one)
    def plan_capped():
        plan = StrategicPlan.objects.get(unit=unit["unit-4"])
        plan.achievement_cap = Decimal(101) if plan.achievement_cap != Decimal(101) else None
        plan.save()

    step("plan cap changed", "unit-4", plan_capped)

    # A third plan version whose indicators hold last year's values that turn every
    # direction target of a unit around (the fallback reads the highest version with
    # one); then that version renumbered below the first, so the first's values count.
    turned = with_direction_target()
    plan = StrategicPlan.objects.get(unit=unit[turned])

    def version_added():
        third = PlanVersion.objects.create(plan=plan, number=3)
        for m in unit_measures(unit[turned], 2023).indicators:
            if not (m.target.is_direction and m.achievement.is_computable):
                continue
            twin = Indicator.objects.get(version__plan=plan, version__number=2, code=m.code)
            twin.pk, twin.version = None, third
            twin.save()
            up = m.target.kind == "increase"
            achieved = m.achievement.status is calc.Status.ACHIEVED
            value = m.realization + 1000 if achieved == up else m.realization - 1000
            Realization.objects.create(indicator=twin, year=2022, period="year", value=value)

    def version_renumbered():
        third = PlanVersion.objects.get(plan=plan, number=3)
        third.number = 0
        third.save()

    step("plan version added", turned, version_added)
    step("plan version renumbered", turned, version_renumbered)

    # 11. an agreement moved to another year (ORM save)
    def agreement_moved():
        agreement = Agreement.objects.get(unit=unit["unit-2"], year=2023)
        agreement.year = 2024
        agreement.save()

    step("agreement moved", "unit-2", agreement_moved)
    codes.remove("unit-2")

    # 12. a whole agreement deleted (items and versions by cascade)
    def agreement_deleted():
        agreement = Agreement.objects.get(unit=unit["unit-3"], year=2023)
        AgreementIndicator.objects.filter(version__agreement=agreement).delete()
        agreement.delete()

    step("agreement deleted", "unit-3", agreement_deleted)
    assert "unit-3" not in {s.unit_code for s in _served_from_summaries(parent)}
    # These writes changed their unit's figures: none of those checks was vacuous.
    assert changed >= {
        "realizations loaded",
        "last year's realizations deleted",
        "last year's realizations loaded",
        "a quarter entered",
        "realizations deleted",
        "realizations uploaded",
        "draft signed",
        "revision loaded",
        "signed version deleted",
        "draft in force",
        "item changed and removed",
        "empty draft added",
        "indicator rules changed",
        "plan formula and cap changed",
        "plan cap changed",
        "plan version added",
        "plan version renumbered",
        "agreement moved",
        "agreement deleted",
    }, changed


def test_a_write_around_the_signals_is_caught_up_by_the_rebuild_command():
    """``QuerySet.update`` sends no signal: the stored summary stays as it was (which is
    why kinerja writes through save() and delete(), and why a restore makes every
    summary out of date); ``kinerja summaries`` rebuilds them from the data."""
    from django.core.management import call_command

    from kinerja.measurement.models import Realization, UnitYearInput

    rng = random.Random(5)
    codes = ["unit-a", "unit-b"]
    for code in codes:
        load_data(random_dataset(rng, code))
    parent = Unit.objects.get(code="parent")
    before = consolidated_measures(parent, 2023)
    Realization.objects.filter(year=2023).update(value=Decimal("12345.5"))
    assert consolidated_measures(parent, 2023) == before  # stale: nothing told it
    out = io.StringIO()
    with translation.override("en"):
        call_command("summaries", stdout=out)
    assert "2023: 2 units" in out.getvalue()
    assert UnitYearInput.objects.filter(year=2023).count() == 2  # raised by the rebuild
    with CaptureQueriesContext(connection) as queries:
        rebuilt = consolidated_measures(parent, 2023)
    assert len(queries.captured_queries) == 1  # stored by the command, current
    assert rebuilt != before
    _agree(parent, codes)
    _same_figures(rebuilt, _fresh(parent))
    again = io.StringIO()
    call_command("summaries", "--year=2023", stdout=again)  # Indonesian by default
    assert again.getvalue() == "2023: 2 unit\n"
