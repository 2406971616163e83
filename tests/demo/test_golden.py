"""Golden tests: the demo, rebuilt from raw data, reproduces the seed's 2023 figures
(LAKIN BSPJI Palembang 2023, Tabel 3.2 and the per-indicator sections)."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import translation

from kinerja.datasets.dump import dump_text, find_plan
from kinerja.datasets.load import load_text
from kinerja.demo import services
from kinerja.measurement import calc
from kinerja.measurement.selectors import unit_measures
from kinerja.org.models import Membership, Unit
from kinerja.planning.models import Agreement, PlanVersion

pytestmark = pytest.mark.django_db

# The 2023 agreement as the seed prints it (Tabel 3.2): target, realization, achievement.
PRINTED_2023 = {
    "SK1.1": ("30", "53.3", "177.67"),
    "SK2.1": ("1", "1", "100.00"),
    "SK2.2": ("2", "7", "350.00"),
    "SK3.1": ("40", "58.77", "146.93"),
    "SK3.2": ("5", "28.09", "561.80"),
    "SK3.3": ("5", "18.33", "366.60"),  # printed 366.64 %: 18.33 / 5 is 366.60 (DESIGN §8)
    "SK3.4": ("45", "92.2", "204.89"),
    "SK4.1": ("93", "100", "107.53"),
    "SK5.1": ("3.6", "3.69", "102.50"),
    "SK6.1": ("75", "87.87", "117.16"),
    "SK7.1": ("4", "4.97", "124.25"),
    "SK8.1": ("75", "76.8", "102.40"),
    "SK8.2": ("90", "98", "108.89"),
}
# What kinerja computes from the raw records (full precision, stored to 6 places). Where
# it differs from the print, the print was rounded before dividing (53.3 for 53.33 …) or
# is a slip (service growth 18.33 % for 18.37 %); the printed figure stays "as reported".
COMPUTED_2023 = {
    "SK1.1": ("53.333333", "177.78"),  # (15 − 7) / 15, IKM KPP Rumah Tani
    "SK2.1": ("1", "100.00"),  # one industry-4.0 company
    "SK2.2": ("7", "350.00"),  # seven standardisation companies
    "SK3.1": ("58.77", "146.93"),  # typed in: the printed per-company figures are illegible
    "SK3.2": ("28.089943", "561.80"),  # PNBP 4,147,659,000 vs 3,238,083,250
    "SK3.3": ("18.37228", "367.45"),  # orders 2,938 vs 2,482
    "SK3.4": ("92.2", "204.89"),  # typed in: the seed prints no P3DN amounts
    "SK4.1": ("100", "107.53"),  # 21 of 21 recommendations followed up
    "SK5.1": ("3.685468", "102.37"),  # SKM index of the 981 responses (Tabel 3.42 means)
    "SK6.1": ("87.87", "117.16"),  # IP ASN
    "SK7.1": ("4.9712", "124.28"),  # IPP Σ aspect × weight (Tabel 3.51)
    "SK8.1": ("76.8", "102.40"),  # SAKIP 23.70 + 23.10 + 12.00 + 18.00
    "SK8.2": ("98", "108.89"),  # financial-report score
}


def measures_json(unit="bspji-palembang", year=2023) -> dict:
    out = StringIO()
    call_command("measures", unit=unit, year=year, json=True, stdout=out)
    return json.loads(out.getvalue())


def test_the_printed_figures_reproduce_every_printed_achievement(demo):
    rows = measures_json()["indicators"]
    assert [r["code"] for r in rows] == list(PRINTED_2023)  # in the agreement's order
    for row in rows:
        target, printed, achievement = PRINTED_2023[row["code"]]
        assert (row["target"], row["as_reported"]) == (target, printed), row["code"]
        result = calc.achievement(calc.TargetValue(Decimal(target)), Decimal(printed))
        assert str(result.pct_rounded) == achievement, row["code"]


def test_the_realizations_follow_from_the_records(demo):
    rows = measures_json()["indicators"]
    got = {r["code"]: (r["realization"], r["achievement_pct"]) for r in rows}
    assert got == COMPUTED_2023
    assert {r["status"] for r in rows} == {"achieved"}
    methods = {r["code"]: r["provenance"]["method"] for r in rows}
    assert methods["SK3.1"] == methods["SK3.4"] == "manual"
    assert sum(m != "manual" for m in methods.values()) == 11


def test_provenance_lets_a_reader_recompute_the_figures(demo):
    rows = {r["code"]: r for r in measures_json()["indicators"]}
    growth = rows["SK3.3"]["provenance"]["inputs"]
    assert (growth["A"], growth["B"]) == ("2482", "2938")
    assert growth["B_2023"] == {
        "kalibrasi": 433,
        "konsultansi": 4,
        "pelatihan": 139,
        "pengujian": 1787,
        "sampling": 421,
        "sertifikasi": 154,
    }
    pnbp = rows["SK3.2"]["provenance"]["inputs"]
    assert (pnbp["A"], pnbp["B"]) == ("3238083250", "4147659000")
    [company] = rows["SK1.1"]["provenance"]["inputs"]["companies"]
    assert company["company"].startswith("IKM KPP Rumah Tani")
    assert [(m["A"], m["B"]) for m in company["measures"]] == [("15", "7")]
    audit = rows["SK4.1"]["provenance"]["inputs"]
    assert (audit["followed_up"], audit["total"]) == (21, 21)
    sakip = rows["SK8.1"]["provenance"]["inputs"]["components"]
    assert [c["value"] for c in sakip] == ["23.7", "23.1", "12", "18"]
    assert rows["SK8.1"]["provenance"]["inputs"]["computed_grade"] == "BB"
    ipp = rows["SK7.1"]["provenance"]["inputs"]
    assert (ipp["computed_grade"], ipp["computed_grade_label"]) == ("A", "Pelayanan Prima")
    assert [c["weight"] for c in ipp["components"]] == ["24", "25", "18", "11", "10", "12"]
    skm = rows["SK5.1"]["provenance"]["inputs"]
    assert (skm["respondents"], skm["grade"]) == ("981", "A")


def test_mean_achievement_is_the_mean_of_the_thirteen(demo):
    measures = unit_measures(Unit.objects.get(code="bspji-palembang"), 2023)
    expected = sum(Decimal(v[1]) for v in COMPUTED_2023.values()) / 13
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


def test_demo_command_prepares_everything_and_exits(db, tmp_path, monkeypatch, settings):
    monkeypatch.setenv("KINERJA_DEMO_PASSWORD", "rahasia-demo-123")
    settings.STATIC_ROOT = tmp_path / "static"
    out = StringIO()
    call_command("demo", no_serve=True, lakin="xlsx", out=str(tmp_path), stdout=out)
    assert (tmp_path / "lakin-bspji-palembang-2023.xlsx").stat().st_size > 10_000
    text = out.getvalue()
    assert "Basis data dimigrasikan." in text
    assert "bspji-palembang dimuat" in text
    assert "Kata sandi (dari KINERJA_DEMO_PASSWORD): rahasia-demo-123" in text
    assert "13 dari 13 indikator tercapai" in text
    assert "Laporan triwulan 2023 bspji-palembang: 52 disetujui (52 diisi" in text
    assert "Berkas statis dikumpulkan." in text
    assert (tmp_path / "static" / "kinerja" / "app.css").exists()
    again = StringIO()
    with translation.override("en"):  # twice is harmless; the same lines in English
        call_command("demo", no_serve=True, lakin="", stdout=again)
    text = again.getvalue()
    assert "Database migrated." in text
    assert "Loaded bspji-palembang: 0 created" in text
    assert "Password (from KINERJA_DEMO_PASSWORD): rahasia-demo-123" in text
    assert "Quarterly reports 2023 of bspji-palembang: 52 approved (0 filled" in text
    assert "Static files collected." in text
    assert Unit.objects.filter(code="bspji-palembang").count() == 1
    for username in ("admin", "perencana", "pic", "koordinator", "kepala", "keuangan", "bskji"):
        assert User.objects.get(username=username).check_password("rahasia-demo-123")
    assert Membership.objects.get(user__username="bskji").unit.code == "bskji"


def test_demo_password_is_random_and_printed_when_unset(db, monkeypatch):
    monkeypatch.delenv("KINERJA_DEMO_PASSWORD", raising=False)
    first, generated = services.demo_password()
    assert generated and len(first) >= 12
    assert services.demo_password()[0] != first
