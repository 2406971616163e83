"""Loading and dumping unit datasets: validation messages, all-or-nothing, idempotence,
round trip."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kinerja.datasets.dump import dump_text, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.measurement.models import Realization
from kinerja.org.models import Unit
from kinerja.planning.models import (
    ActionPlan,
    Agreement,
    AgreementVersion,
    Indicator,
    PlanVersion,
    StrategicPlan,
    Target,
)

SMALL = Path(__file__).with_name("small.yaml")
pytestmark = pytest.mark.django_db


def small_text() -> str:
    return SMALL.read_text()


def edited(change) -> str:
    """The small dataset with one change applied to its parsed form."""
    data = yaml.safe_load(small_text())
    change(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def problems_of(text: str) -> list[str]:
    with pytest.raises(DatasetInvalid) as info:
        load_text(text)
    return [str(p) for p in info.value.problems]


def table_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Unit,
            StrategicPlan,
            PlanVersion,
            Indicator,
            Target,
            AgreementVersion,
            Realization,
        )
    }


def test_it_loads_plan_versions_targets_and_realizations():
    report = load_text(small_text())
    assert report.unit == "balai-contoh"
    plan = StrategicPlan.objects.get(unit__code="balai-contoh")
    assert plan.version_in_force().number == 2
    assert plan.versions.get(number=1).content == "reference_only"
    target = Target.objects.get(indicator__code="SK1.1", year=2023)
    assert target.value == Decimal("2")
    assert Target.objects.get(indicator__code="SK1.1", year=2021).value is None  # N/A
    ranged = Target.objects.get(indicator__code="SK1.3")
    assert (ranged.value, ranged.max_value) == (Decimal("20"), Decimal("25"))
    row = Realization.objects.get(indicator__code="SK1.2", year=2023)
    assert row.value == Decimal("8.5") and row.as_reported == Decimal("8.4")
    assert Unit.objects.get(code="balai-contoh").parent.code == "agency"


def test_loading_the_same_file_twice_changes_nothing():
    load_text(small_text())
    before = table_counts()
    report = load_text(small_text())
    assert not report.changed
    assert table_counts() == before


def wipe() -> None:
    """Empty every kinerja table, children first (the schema protects parents)."""
    for model in (Realization, ActionPlan, Agreement, StrategicPlan):
        model.objects.all().delete()
    while Unit.objects.exists():
        Unit.objects.filter(children__isnull=True).delete()


def test_dump_then_load_gives_identical_data():
    load_text(small_text())
    unit = Unit.objects.get(code="balai-contoh")
    first = dump_text(unit, find_plan(unit, "2021-2024"))
    counts = table_counts()
    wipe()
    load_text(first)  # into an empty database
    assert table_counts() == counts
    unit = Unit.objects.get(code="balai-contoh")
    second = dump_text(unit, find_plan(unit, "renstra-2021-2024"))
    assert first == second
    data = yaml.safe_load(first)
    assert data["plans"][0]["versions"][1]["objectives"][0]["indicators"][0]["targets"] == {
        2021: None,
        2022: None,
        2023: 2,
        2024: 2,
    }


def test_it_names_the_place_and_reason_of_a_wrong_type():
    def change(data):
        data["plans"][0]["versions"][1]["objectives"][0]["indicators"][0]["targets"][2023] = "tiga"

    assert problems_of(edited(change)) == [
        "plans[0].versions[1].objectives[0].indicators[0].targets.2023: "
        'seharusnya angka, null atau {min: …, max: …}, bukan "tiga"'
    ]
    with translation.override("en"):
        assert problems_of(edited(change)) == [
            "plans[0].versions[1].objectives[0].indicators[0].targets.2023: "
            'expected a number, null or {min: …, max: …}, got "tiga"'
        ]


def test_an_invalid_file_writes_nothing():
    load_text(small_text())
    before = table_counts()

    def change(data):
        data["realizations"][2]["value"] = 99  # a valid change …
        data["realizations"].append(
            {"indicator": "SK9.9", "year": 2023, "period": "year", "value": 1}
        )  # … next to an invalid one

    assert problems_of(edited(change)) == [
        'realizations[4].indicator: indikator "SK9.9" tidak dikenal untuk 2023'
    ]
    assert table_counts() == before
    assert Realization.objects.get(indicator__code="SK1.2", year=2023).value == Decimal("8.5")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["unit"].pop("name"), "unit: isian wajib 'name' belum ada"),
        (lambda d: d["unit"].update(colour="red"), "unit: isian 'colour' tidak dikenal"),
        (
            lambda d: d["plans"][0]["versions"][1]["objectives"][0].update(goal="T9"),
            'plans[0].versions[1].objectives[0].goal: tujuan "T9" tidak dikenal; tujuan versi '
            "ini: T1",
        ),
        (
            lambda d: d["plans"][0]["versions"][0].update(in_force=True),
            "plans[0].versions: tepat satu versi harus in_force, ditemukan 2",
        ),
        (
            lambda d: d["agreements"][0]["versions"][0]["indicators"][0].update(code="SK7.7"),
            'agreements[0].versions[0].indicators[0].code: indikator "SK7.7" tidak dikenal di '
            "versi rencana 2",
        ),
        (
            lambda d: d["plans"][0]["versions"][1]["goals"][0]["indicators"][0]["targets"].update(
                {2030: 1}
            ),
            "plans[0].versions[1].goals[0].indicators[0].targets.2030: 2030 di luar periode "
            "rencana 2021-2024",
        ),
        (
            lambda d: d["realizations"][2].update(target=5),
            "realizations[2].target: hanya untuk tahun di luar periode rencana; target tahun ini "
            "diambil dari rencana",
        ),
        (
            lambda d: d["realizations"][0].update(period="q5"),
            'realizations[0].period: seharusnya salah satu dari year, q1, q2, q3, q4, bukan "q5"',
        ),
        (
            lambda d: d["units"][1].update(parent="nowhere"),
            'units[1].parent: unit "nowhere" tidak dikenal: cantumkan di units (sebelum unit ini) '
            "atau muat unit itu lebih dahulu",
        ),
        (
            lambda d: d["plans"][0]["versions"][1]["objectives"][0]["indicators"][2][
                "targets"
            ].update({2024: 22}),
            "plans[0].versions[1].objectives[0].indicators[2].targets.2024: polarity range "
            "memerlukan target {min, max}",
        ),
        (
            lambda d: d.update(kinerja_dataset=3),
            "kinerja_dataset: seharusnya salah satu dari 1, 2, bukan 3",
        ),
    ],
)
def test_it_explains_each_kind_of_mistake(change, expected):
    assert problems_of(edited(change)) == [expected]


def test_it_reports_a_duplicate_key_with_its_line():
    text = small_text().replace("  short_name: Balai\n", "  short_name: Balai\n  short_name: B\n")
    [problem] = problems_of(text)
    assert "kunci 'short_name' muncul dua kali" in problem and "baris" in problem


def test_a_signed_agreement_version_cannot_change():
    load_text(small_text())

    def change(data):
        data["agreements"][0]["versions"][0]["indicators"][0]["target"] = 3

    assert problems_of(edited(change)) == [
        "agreements[0].versions[0]: versi 1 perjanjian kinerja 2023 sudah ditandatangani dan "
        "tidak dapat berubah; tambahkan versi baru dengan alasan revisinya"
    ]

    def revise(data):
        data["agreements"][0]["versions"].append(
            {
                "number": 2,
                "status": "signed",
                "reason": "Revisi Renstra",
                "indicators": [{"code": "SK1.1", "target": 3}],
            }
        )

    load_text(edited(revise))
    assert AgreementVersion.objects.count() == 2


def test_load_command_rejects_a_bad_file_with_every_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(edited(lambda d: (d["unit"].pop("kind"), d["unit"].update(code="Bad Code"))))
    with pytest.raises(CommandError) as info:
        call_command("load", str(bad))
    message = str(info.value)
    assert "2 masalah, tidak ada yang dimuat" in message
    assert "unit: isian wajib 'kind' belum ada" in message
    assert 'unit.code: "Bad Code" tidak berbentuk seperti yang diharapkan' in message
    assert not Unit.objects.exists()


def test_load_command_speaks_english_when_english_is_chosen(tmp_path):
    """The loader's messages follow the active language: Indonesian by default (above),
    English under the language switch (here: ``translation.override``)."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(edited(lambda d: (d["unit"].pop("kind"), d["unit"].update(code="Bad Code"))))
    with translation.override("en"), pytest.raises(CommandError) as info:
        call_command("load", str(bad))
    message = str(info.value)
    assert "2 problems, nothing was loaded" in message
    assert "unit: missing required field 'kind'" in message
    assert 'unit.code: "Bad Code" does not have the expected form' in message
    assert not Unit.objects.exists()


def test_dump_command_writes_a_file_and_names_existing_plans(tmp_path):
    load_text(small_text())
    out = tmp_path / "out.yaml"
    err = StringIO()
    call_command("dump", unit="balai-contoh", plan="2021-2024", output=str(out), stderr=err)
    assert yaml.safe_load(out.read_text())["unit"]["code"] == "balai-contoh"
    assert err.getvalue() == f"{out} ditulis\n"
    with pytest.raises(CommandError, match=r"rencana yang ada: renstra-2021-2024 \(2021-2024\)"):
        call_command("dump", unit="balai-contoh", plan="2025-2029", output=str(out))


def test_dump_command_speaks_english_under_the_switch(tmp_path, english_messages):
    load_text(small_text())
    out = tmp_path / "out.yaml"
    err = StringIO()
    call_command("dump", unit="balai-contoh", plan="2021-2024", output=str(out), stderr=err)
    assert err.getvalue() == f"wrote {out}\n"
    with pytest.raises(
        CommandError,
        match=r'unit balai-contoh has no plan "2025-2029"; its plans: renstra-2021-2024',
    ):
        call_command("dump", unit="balai-contoh", plan="2025-2029", output=str(out))


def test_an_indicators_upper_bound_loads_and_dumps():
    def bound(data):
        data["kinerja_dataset"] = 2  # a part of format version 2
        data["plans"][0]["versions"][1]["objectives"][0]["indicators"][0]["upper_bound"] = 100

    load_text(edited(bound))
    unit = Unit.objects.get(code="balai-contoh")
    indicator = unit.plans.get().versions.get(number=2).indicators.get(code="SK1.1")
    assert indicator.upper_bound == 100
    dumped = yaml.safe_load(dump_text(unit, find_plan(unit, "2021-2024")))
    assert dumped["plans"][0]["versions"][1]["objectives"][0]["indicators"][0]["upper_bound"] == 100

    def not_a_number(data):
        data["kinerja_dataset"] = 2
        data["plans"][0]["versions"][1]["objectives"][0]["indicators"][0]["upper_bound"] = "seratus"

    assert any("upper_bound" in p for p in problems_of(edited(not_a_number)))
