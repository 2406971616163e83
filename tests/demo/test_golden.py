"""Golden tests: the demo, rebuilt from raw data, reproduces the seed's 2023 figures
(LAKIN BSPJI Palembang 2023, Tabel 3.2 and the per-indicator sections)."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from kinerja.datasets.dump import dump_text, find_plan
from kinerja.datasets.load import load_text
from kinerja.demo import services
from kinerja.measurement.selectors import unit_measures
from kinerja.org.models import Unit
from kinerja.planning.models import Agreement, PlanVersion

pytestmark = pytest.mark.django_db

# Achievement (%) as the seed prints it, rounded half-up to 2 places. SK3.3 is the one
# DESIGN §8 contradiction among them: 2,938 vs 2,482 orders give 18.37 % growth and
# 367.40 %; the seed printed 18.33 % and 366.64 %, kept as the "as reported" figure.
SEED_2023 = {
    "SK1.1": ("30", "53.3", "177.67"),
    "SK2.1": ("1", "1", "100.00"),
    "SK2.2": ("2", "7", "350.00"),
    "SK3.1": ("40", "58.77", "146.93"),
    "SK3.2": ("5", "28.09", "561.80"),
    "SK3.3": ("5", "18.37", "367.40"),
    "SK3.4": ("45", "92.2", "204.89"),
    "SK4.1": ("93", "100", "107.53"),
    "SK5.1": ("3.6", "3.69", "102.50"),
    "SK6.1": ("75", "87.87", "117.16"),
    "SK7.1": ("4", "4.97", "124.25"),
    "SK8.1": ("75", "76.8", "102.40"),
    "SK8.2": ("90", "98", "108.89"),
}


def measures_json(unit="bspji-palembang", year=2023) -> dict:
    out = StringIO()
    call_command("measures", unit=unit, year=year, json=True, stdout=out)
    return json.loads(out.getvalue())


def test_the_2023_agreement_reproduces_every_printed_achievement(demo):
    data = measures_json()
    got = {
        row["code"]: (row["target"], row["realization"], row["achievement_pct"])
        for row in data["indicators"]
    }
    assert got == SEED_2023
    assert {row["status"] for row in data["indicators"]} == {"achieved"}
    assert list(got) == list(SEED_2023)  # in the agreement's order


def test_service_growth_keeps_the_printed_figure_as_reported(demo):
    row = next(r for r in measures_json()["indicators"] if r["code"] == "SK3.3")
    assert row["as_reported"] == "18.33"


def test_mean_achievement_is_the_mean_of_the_thirteen(demo):
    measures = unit_measures(Unit.objects.get(code="bspji-palembang"), 2023)
    expected = sum(Decimal(v[2]) for v in SEED_2023.values()) / 13
    assert abs(measures.mean_achievement - expected) < Decimal("0.01")


def test_the_renstra_keeps_its_versions_with_the_second_amendment_in_force(demo):
    versions = PlanVersion.objects.filter(plan__unit__code="bspji-palembang").order_by("number")
    assert [v.number for v in versions] == [1, 2, 3]
    in_force = [v for v in versions if v.in_force]
    assert [v.number for v in in_force] == [3]
    assert "185" in in_force[0].legal_basis
    agreement = Agreement.objects.get(unit__code="bspji-palembang", year=2023)
    assert agreement.plan_version == in_force[0]


def test_the_renstra_targets_2021_2024_are_as_printed(demo):
    version = PlanVersion.objects.get(plan__unit__code="bspji-palembang", in_force=True)
    targets = {
        (t.indicator.code, t.year): t.value
        for t in version.indicators.get(code="SK8.1").targets.select_related("indicator")
    }
    assert targets == {
        ("SK8.1", 2021): Decimal(81),
        ("SK8.1", 2022): Decimal(83),
        ("SK8.1", 2023): Decimal(75),
        ("SK8.1", 2024): Decimal(76),
    }
    sk11 = {t.year: t.value for t in version.indicators.get(code="SK1.1").targets.all()}
    assert sk11 == {2021: None, 2022: None, 2023: Decimal(30), 2024: Decimal(30)}  # N/A ≠ 0


def test_the_peer_unit_has_its_2023_measures(demo):
    data = measures_json(unit="bspji-pontianak")
    assert data["indicators"], "BSPJI Pontianak has indicators from the peer tables"
    sk11 = next(r for r in data["indicators"] if r["code"] == "SK1.1")
    assert (sk11["target"], sk11["realization"], sk11["achievement_pct"]) == (
        "25",
        "25",
        "100.00",
    )


def test_the_demo_round_trips_through_dump_and_load(demo):
    unit = Unit.objects.get(code="bspji-palembang")
    first = dump_text(unit, find_plan(unit, "2021-2024"))
    report = load_text(first)
    assert not report.changed  # the dump says exactly what the database holds
    assert dump_text(unit, find_plan(unit, "2021-2024")) == first


def test_demo_command_prepares_everything_and_exits(db):
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    text = out.getvalue()
    assert "Loaded bspji-palembang" in text
    assert "demo / kinerja-demo" in text
    assert "13 dari 13 indikator tercapai" in text
    call_command("demo", no_serve=True, stdout=StringIO())  # twice is harmless
    assert Unit.objects.filter(code="bspji-palembang").count() == 1
    assert services.ensure_demo_user().check_password(services.DEMO_PASSWORD)
