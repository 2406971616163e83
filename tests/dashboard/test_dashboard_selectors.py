"""unit_dashboard and parent_overview on the demo: figures, lateness, query counts."""

from datetime import date
from decimal import Decimal as D

import pytest

from kinerja.budget.models import BudgetYear, Line
from kinerja.budget.selectors import budget_overview
from kinerja.core.numbers import round_half_up
from kinerja.dashboard.calc import Trend
from kinerja.dashboard.selectors import parent_overview, unit_dashboard
from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import EntryWindow, QuarterEntry, Realization
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.org.models import Unit
from kinerja.planning.models import (
    ActionPlan,
    Agreement,
    AgreementIndicator,
    Indicator,
    QuarterProgress,
)
from kinerja.sources.models import ExternalScore, ScoreComponent

AFTER_2023 = date(2024, 3, 1)


def row(dashboard, code):
    return next(r for r in dashboard.indicators if r.code == code)


def test_the_demo_year_at_a_glance(palembang):
    d = unit_dashboard(palembang, 2023, AFTER_2023)
    assert [r.code for r in d.indicators][:3] == ["SK1.1", "SK2.1", "SK2.2"]
    assert d.total == 13 and d.achieved == 13 and d.not_computable == 0
    sk11 = row(d, "SK1.1")
    assert sk11.achievement.pct_rounded == D("177.78")
    assert sk11.target.value == D("30")
    assert round_half_up(d.budget.absorption_pct, 2) == D("99.83")
    assert d.budget.ceiling == D("15507847000") and d.budget.spending == D("15480985963")
    assert d.pnbp.target == D("3000000000") and d.pnbp.receipts == D("4147659000")
    assert d.years == [2023]


def test_pnbp_agrees_with_the_budget_selectors(palembang):
    """The dashboard reads the PNBP in one query; budget_overview's PnbpOverview stays the
    reference. (The budget amounts come from budget.selectors.budget_amounts itself,
    tested in tests/budget/test_budget_amounts.py.)"""
    overview = budget_overview(palembang, 2023)
    d = unit_dashboard(palembang, 2023, AFTER_2023)
    assert d.budget == overview.totals
    assert d.pnbp.receipts == overview.pnbp.receipts_total
    assert d.pnbp.target == overview.pnbp.revenue_target
    assert d.pnbp.pct == overview.pnbp.receipts_pct_of_target


def test_trend_against_last_year_uses_last_years_realization(palembang):
    d = unit_dashboard(palembang, 2023, AFTER_2023)
    assert row(d, "SK3.1").previous_realization == D("71")  # 71 → 58.77
    assert row(d, "SK3.1").trend is Trend.DOWN
    assert row(d, "SK3.4").trend is Trend.UP  # 85.83 → 92.2
    assert row(d, "SK4.1").trend is Trend.SAME  # 100 → 100
    assert row(d, "SK1.1").trend is Trend.NONE  # no 2022 figure


def test_a_lower_is_better_indicator_that_falls_is_shown_as_improving(palembang):
    indicator = Indicator.objects.get(
        version__agreements__unit=palembang, version__agreements__year=2023, code="SK3.1"
    )
    indicator.polarity = "lower_is_better"
    indicator.save()
    assert row(unit_dashboard(palembang, 2023, AFTER_2023), "SK3.1").trend is Trend.UP


def test_quarters_carry_the_action_plan_and_the_entries(palembang):
    d = unit_dashboard(palembang, 2023, AFTER_2023)
    q = row(d, "SK1.1").quarters
    assert [(c.quarter, c.target_pct, c.realized_pct) for c in q] == [
        (1, D("20"), D("20")),
        (2, D("50"), D("50")),
        (3, D("80"), D("80")),
        (4, D("100"), D("100")),
    ]
    assert all(c.entry_status is None and not c.late and not c.missing for c in q)
    assert d.quarters[0].target_pct == D("20")


def _indicator(unit, code):
    return Indicator.objects.get(
        version__agreements__unit=unit, version__agreements__year=2023, code=code
    )


def test_late_and_missing_quarters_after_the_window_closed(palembang):
    EntryWindow.objects.create(
        unit=palembang, year=2023, quarter=1, opens_on=date(2023, 4, 1), closes_on=date(2023, 4, 15)
    )
    QuarterEntry.objects.create(indicator=_indicator(palembang, "SK1.1"), year=2023, quarter=1)
    QuarterEntry.objects.create(
        indicator=_indicator(palembang, "SK3.1"),
        year=2023,
        quarter=1,
        status=EntryStatus.SUBMITTED,
    )
    before = unit_dashboard(palembang, 2023, date(2023, 4, 15))
    assert before.late == 0 and before.missing == 0  # the last day still counts

    d = unit_dashboard(palembang, 2023, date(2023, 4, 16))
    sk11, sk31, sk21 = row(d, "SK1.1"), row(d, "SK3.1"), row(d, "SK2.1")
    assert sk11.quarters[0].late and sk11.quarters[0].entry_status == "draft"
    assert not sk31.quarters[0].late and not sk31.quarters[0].missing  # handed in
    assert sk21.quarters[0].missing
    assert not sk21.quarters[1].missing  # no window for Q2: nothing is due
    assert d.late == 1 and d.missing == 11  # 13 indicators: one late, one submitted
    assert sk11 in d.attention and sk31 not in d.attention


def test_a_quarter_behind_its_physical_target_needs_attention(palembang):
    progress = QuarterProgress.objects.get(
        action_plan__indicator=_indicator(palembang, "SK2.1"), action_plan__year=2023, quarter=2
    )
    progress.realized_pct = D("40")
    progress.save()
    sk21 = row(unit_dashboard(palembang, 2023, AFTER_2023), "SK2.1")
    assert sk21.quarters[1].behind and sk21.needs_attention


def test_a_year_without_agreement_says_which_years_exist(palembang):
    with pytest.raises(MeasuresUnavailable, match="2023"):
        unit_dashboard(palembang, 2022, AFTER_2023)


# -- constant query counts ----------------------------------------------------------


def _add_indicator(unit, code, method="count"):
    """A further agreement indicator, computed and without a realization row: the case
    where unit_measures' provenance would run the method's queries."""
    sk11 = _indicator(unit, "SK1.1")
    indicator = Indicator.objects.create(
        version=sk11.version,
        objective=sk11.objective,
        code=code,
        name=f"Indikator {code}",
        unit_label="Perusahaan",
        method=method,
        method_params={"records": "facilitations", "kind": "kolaborasi"},
        position=99,
    )
    version = Agreement.objects.get(unit=unit, year=2023).version_in_force()
    AgreementIndicator.objects.create(version=version, indicator=indicator, target=1, position=99)
    return indicator


def _add_activity(unit):
    """More rows of every kind the dashboard reads per indicator and quarter."""
    for quarter in (1, 2, 3, 4):
        EntryWindow.objects.get_or_create(
            unit=unit,
            year=2023,
            quarter=quarter,
            defaults={"opens_on": date(2023, 1, 1), "closes_on": date(2023, 12, 31)},
        )
    for code in ("SK1.1", "SK2.1", "SK3.1", "SK3.4"):
        indicator = _indicator(unit, code)
        for quarter in (1, 2, 3):
            QuarterEntry.objects.get_or_create(indicator=indicator, year=2023, quarter=quarter)
            Realization.objects.get_or_create(
                indicator=indicator, year=2022, period=f"q{quarter}", defaults={"value": 1}
            )


def test_the_unit_dashboard_runs_a_fixed_number_of_queries(palembang, django_assert_num_queries):
    with django_assert_num_queries(11):
        unit_dashboard(palembang, 2023, AFTER_2023)
    _add_activity(palembang)
    for n in range(3):
        indicator = _add_indicator(palembang, f"SK9.{n}")
        plan = ActionPlan.objects.create(indicator=indicator, year=2023)
        QuarterProgress.objects.create(action_plan=plan, quarter=1, target_pct=10)
    palembang = Unit.objects.get(pk=palembang.pk)
    with django_assert_num_queries(11):
        d = unit_dashboard(palembang, 2023, AFTER_2023)
    assert d.total == 16
    assert row(d, "SK9.0").achievement.reason == "no_realization"
    assert row(d, "SK1.1").quarters[0].entry_status == "draft"


def test_the_parent_overview_runs_a_fixed_number_of_queries(bskji, django_assert_num_queries):
    # 12: the consolidation reads the units' input versions and stored summaries (none
    # yet), computes them (direction-only targets in a query of their own; the units below
    # are a recursive subquery inside both) and stores them; one query names every unit
    # below (full name and abbreviation, and who is not ranked)
    with django_assert_num_queries(12):
        parent_overview(bskji, 2023)
    pontianak = Unit.objects.get(code="bspji-pontianak")
    budget = BudgetYear.objects.create(unit=pontianak, year=2023, final_ceiling=100, spending=90)
    Line.objects.create(budget=budget, code="A", level="akun", name="A", ceiling=200, spending=150)
    for score in ExternalScore.objects.filter(year=2023, kind="ip_asn")[:10]:
        ScoreComponent.objects.create(score=score, name="Kualifikasi", value=20, max_value=25)
    # 9: the summaries are current (budget and scores are no input of them): one read
    with django_assert_num_queries(9):
        overview = parent_overview(bskji, 2023)
    pontianak_row = next(r.item for r in overview.units if r.item.code == "bspji-pontianak")
    assert pontianak_row.absorption_pct == D("75")  # the lines' sums win over the DIPA's


# -- the parent view ------------------------------------------------------------------


def test_the_parent_overview_ranks_the_units_with_an_agreement(bskji):
    overview = parent_overview(bskji, 2023)
    assert [(r.rank, r.item.code) for r in overview.units] == [
        (1, "bspji-pontianak"),
        (2, "bspji-palembang"),
    ]
    palembang = overview.units[1].item
    assert (palembang.achieved, palembang.indicators) == (13, 13)
    assert round_half_up(palembang.mean_achievement_pct, 2) == D("197.81")
    assert round_half_up(palembang.absorption_pct, 2) == D("99.83")
    assert overview.units[0].item.absorption_pct is None  # Pontianak has no DIPA recorded
    assert overview.years == [2020, 2021, 2022, 2023]


def test_external_score_rankings_follow_the_seed_tables(bskji):
    scores = {s.kind: s for s in parent_overview(bskji, 2023).scores}
    assert list(scores) == ["ip_asn", "sakip", "financial_report", "ipp", "smart_dja"]
    ip_asn = scores["ip_asn"]
    assert len(ip_asn.rows) == 29  # Tabel 3.47: 29 BSKJI units
    assert round_half_up(ip_asn.mean, 2) == D("80.81")  # "rata-rata BSKJI 80,81"
    assert (ip_asn.rows[0].item.unit_code, ip_asn.rows[0].item.score) == (
        "bspji-banjarbaru",
        D("90.52"),
    )
    palembang = next(r for r in ip_asn.rows if r.item.unit_code == "bspji-palembang")
    assert palembang.rank == 4 and palembang.item.has_dashboard
    ipp = scores["ipp"]
    assert (ipp.rows[0].rank, ipp.rows[0].item.unit_code, ipp.rows[0].item.grade) == (
        1,
        "bspji-palembang",
        "A",
    )
    # Tabel 3.61: four units at 98,00 share rank 5
    tied = [r for r in scores["financial_report"].rows if r.item.score == D("98")]
    assert {r.rank for r in tied} == {5} and len(tied) == 4
    sakip = scores["sakip"].rows[0].item
    assert sakip.grade == "BB" and len(sakip.components) == 4
