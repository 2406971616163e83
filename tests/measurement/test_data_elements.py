"""Data elements and formula indicators: the dataset section and its checks, the stored
realizations with provenance, `kinerja measures`, the dump round trip and the audit."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from kinerja.audit.models import Change
from kinerja.datasets.dump import dump_data, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_data, load_text
from kinerja.datasets.yamlio import parse, render
from kinerja.measurement import workflow
from kinerja.measurement.models import DataElement, ElementValue, Realization
from kinerja.measurement.services import refresh_computed
from kinerja.org.models import Unit
from kinerja.planning.models import Indicator

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"
pytestmark = pytest.mark.django_db

ELEMENTS = """
data_elements:
  - code: diputus
    name: Perkara diputus
    unit: perkara
    values:
      2023: {q1: 40, q2: 35, q3: 50, q4: 45}
  - code: tepat_waktu
    name: Perkara selesai tepat waktu
    unit: perkara
    values:
      2023: {q1: 38, q2: 30, q3: 50, q4: 40}
  - code: sisa
    name: Sisa perkara
    unit: perkara
    aggregation: last
    values:
      2022: {year: 40}
      2023: {q2: 36, q4: 30}
"""

FORMULAS = {
    "SK2.1": "tepat_waktu / diputus * 100",
    "SK2.2": "(prev(sisa) - sisa) / prev(sisa) * 100",
    "SK2.3": 'ind("SK2.1") - 90',
}


def dataset(formulas=FORMULAS, elements=ELEMENTS) -> dict:
    data = parse(SMALL.read_text() + elements)
    data["kinerja_dataset"] = 2  # formula indicators are a part of format version 2
    version = data["plans"][0]["versions"][1]
    version["objectives"].append(
        {
            "code": "SK2",
            "goal": "T1",
            "perspective": "internal_process",
            "name": "Perkara selesai tepat waktu",
            "indicators": [
                {
                    "code": code,
                    "name": f"Indikator {code}",
                    "unit": "Persen",
                    "method": "formula",
                    "source": {"formula": text},
                    "targets": {2023: 90},
                }
                for code, text in formulas.items()
            ],
        }
    )
    agreement = data["agreements"][0]["versions"][0]
    agreement["indicators"] += [{"code": code, "target": 90} for code in formulas]
    return data


def rows(code: str) -> dict:
    return {
        r.period: r
        for r in Realization.objects.filter(indicator__code=code, year=2023).order_by("period")
    }


# -- loading computes every quarter and the year, with provenance ------------------------------
def test_formula_indicators_are_stored_per_quarter_and_year():
    report = load_data(dataset())
    assert report.created["dataelement"] == 3
    assert report.created["elementvalue"] == 11
    on_time = rows("SK2.1")
    # Q1 38/40, Q2 30/35, Q3 50/50, Q4 40/45; the year: 158/170 (the quarters summed).
    assert {p: r.value for p, r in on_time.items()} == {
        "q1": Decimal("95"),
        "q2": Decimal("85.714286"),
        "q3": Decimal("100"),
        "q4": Decimal("88.888889"),
        "year": Decimal("92.941176"),
    }
    assert on_time["year"].provenance == {
        "method": "formula",
        "inputs": {
            "formula": "tepat_waktu / diputus * 100",
            "period": "year",
            "values": [
                {
                    "element": "tepat_waktu",
                    "year": 2023,
                    "period": "year",
                    "value": "158",
                    "aggregation": "sum",
                    "quarters": {"q1": "38", "q2": "30", "q3": "50", "q4": "40"},
                },
                {
                    "element": "diputus",
                    "year": 2023,
                    "period": "year",
                    "value": "170",
                    "aggregation": "sum",
                    "quarters": {"q1": "40", "q2": "35", "q3": "50", "q4": "45"},
                },
            ],
        },
    }
    backlog = rows("SK2.2")
    # The year: last quarter recorded (30) against last year's 40 → 25 %; Q2 against
    # last year's Q2 — not recorded, so no Q2 row (not computable, not 0).
    assert {p: r.value for p, r in backlog.items()} == {"year": Decimal("25")}
    assert rows("SK2.3")["year"].value == Decimal("2.941176")
    # A second run over unchanged values changes nothing.
    assert refresh_computed(Unit.objects.get(code="balai-contoh")) == 0


def test_measures_json_shows_the_formula_and_every_value():
    load_data(dataset())
    out = StringIO()
    call_command("measures", unit="balai-contoh", year=2023, json=True, stdout=out)
    by_code = {row["code"]: row for row in json.loads(out.getvalue())["indicators"]}
    row = by_code["SK2.2"]
    assert (row["method"], row["realization"], row["achievement_pct"]) == (
        "formula",
        "25",
        "27.78",
    )
    values = row["provenance"]["inputs"]["values"]
    assert [(v["year"], v["period"], v["value"]) for v in values] == [
        (2022, "year", "40"),
        (2023, "year", "30"),
    ]


def test_division_by_zero_is_not_computable_with_the_reason():
    data = dataset(elements=ELEMENTS.replace("{q1: 40, q2: 35", "{q1: 0, q2: 35"))
    load_data(data)
    assert "q1" not in rows("SK2.1")  # no row rather than a fake 0 %
    indicator = Indicator.objects.get(code="SK2.1")
    result = workflow.computed_value(indicator, 2023, 1)
    assert result.value is None
    assert result.reason == "division by zero at character 13 (2023 Q1)"
    assert result.inputs["values"][1] == {
        "element": "diputus",
        "year": 2023,
        "period": "q1",
        "value": "0",
    }


def test_a_value_that_disappears_removes_the_computed_row():
    load_data(dataset())
    ElementValue.objects.filter(element__code="diputus", period="q3").delete()
    refresh_computed(Unit.objects.get(code="balai-contoh"), [2023])
    assert "q3" not in rows("SK2.1")
    # The year sums what is recorded: 158 on time of 120 decided (Q3's 50 decided is gone).
    assert rows("SK2.1")["year"].value == Decimal("131.666667")


# -- refused at load, with the place, and nothing written ---------------------------------------
@pytest.mark.parametrize(
    ("formulas", "place", "message"),
    [
        (
            {"SK2.1": "tepat_waktu / putus * 100"},
            "plans[0].versions[1].objectives[1].indicators[0].source.formula",
            "unknown data element 'putus' (the unit has: diputus, sisa, tepat_waktu)",
        ),
        (
            {"SK2.1": "tepat_waktu / (diputus * 100"},
            "plans[0].versions[1].objectives[1].indicators[0].source.formula",
            "at character 29: expected ')', found the end",
        ),
        (
            {"SK2.1": 'ind("SK9.9")'},
            "plans[0].versions[1].objectives[1].indicators[0].source.formula",
            'unknown indicator ind("SK9.9")',
        ),
        (
            {"SK2.1": 'ind("SK2.2") + 1', "SK2.2": 'ind("SK2.1") * 2'},
            "plans[0].versions[1].objectives[1].indicators[1].source.formula",
            "refers to itself through SK2.1 → SK2.2 → SK2.1",
        ),
        (
            {"SK2.1": 'ind("SK2.1")'},
            "plans[0].versions[1].objectives[1].indicators[0].source.formula",
            "refers to itself through SK2.1 → SK2.1",
        ),
    ],
)
def test_bad_formulas_are_refused_with_place_and_reason(formulas, place, message):
    with pytest.raises(DatasetInvalid) as err:
        load_data(dataset(formulas))
    assert (place, message) in [(p.path, p.message) for p in err.value.problems]
    assert not Unit.objects.exists() and not DataElement.objects.exists()


def test_formulas_are_checked_in_a_file_without_elements():
    with pytest.raises(DatasetInvalid) as err:
        load_data(dataset({"SK2.1": "a / b"}, elements=""))
    assert [p.message for p in err.value.problems] == [
        "unknown data element 'a' (the unit has: none)",
        "unknown data element 'b' (the unit has: none)",
    ]


def test_elements_already_stored_satisfy_a_later_file():
    load_data(dataset())
    load_data(dataset(elements=""))  # the elements are in the database now


def test_a_bad_element_section_is_refused():
    twice = ELEMENTS + "  - {code: sisa, name: Lagi, unit: perkara}\n"
    with pytest.raises(DatasetInvalid) as err:
        load_data(dataset(elements=twice))
    assert ("data_elements", 'elemen data "sisa" tercantum dua kali') in [
        (p.path, p.message) for p in err.value.problems
    ]
    bad_code = ELEMENTS.replace("code: sisa", "code: sisa-perkara")
    with pytest.raises(DatasetInvalid) as err:
        load_data(dataset(elements=bad_code))
    assert any(p.path == "data_elements[2].code" for p in err.value.problems)


# -- dump, audit ----------------------------------------------------------------------------------
def test_dump_round_trip():
    load_data(dataset())
    unit = Unit.objects.get(code="balai-contoh")
    dumped = dump_data(unit, find_plan(unit, "renstra-2021-2024"))
    assert dumped["data_elements"][2] == {
        "code": "sisa",
        "name": "Sisa perkara",
        "unit": "perkara",
        "aggregation": "last",
        "values": {2022: {"year": Decimal(40)}, 2023: {"q2": Decimal(36), "q4": Decimal(30)}},
    }
    text = render(dumped)
    report = load_text(text)
    assert not report.changed
    assert yaml.safe_load(text)["plans"][0]["versions"][1]["objectives"][1]["indicators"][1][
        "source"
    ] == {"formula": FORMULAS["SK2.2"]}


def test_element_values_are_audited():
    load_data(dataset())
    value = ElementValue.objects.get(element__code="sisa", year=2023, period="q4")
    value.value = Decimal(28)
    value.save()
    change = Change.objects.for_object(value).order_by("pk").last()
    assert change.unit.code == "balai-contoh"
    assert (change.before["value"], change.after["value"]) == ("30", "28")


def test_lakin_detail_shows_the_formula_and_its_values():
    from kinerja.reports.document import cell_text
    from kinerja.reports.lakin import build_lakin

    load_data(dataset())
    doc = build_lakin(Unit.objects.get(code="balai-contoh"), 2023)
    table = next(t for t in doc.tables() if t.caption == "Elemen Data Perhitungan SK2.2 Tahun 2023")
    assert [
        [cell_text(v, c) for v, c in zip(row, table.columns, strict=True)] for row in table.rows
    ] == [
        ["sisa", "2022", "Tahunan", "40"],
        ["sisa", "2023", "Tahunan", "30"],
    ]


# -- defining a formula through the service ------------------------------------------------------
def test_set_formula_checks_then_writes_and_computes(django_user_model):
    from django.core.exceptions import ValidationError

    from kinerja.measurement.services import set_formula

    load_data(dataset())
    admin = django_user_model.objects.create_superuser("root", password="x")
    sk12 = Indicator.objects.get(code="SK1.2")
    for text, message in [
        ("tepat_waktu / (diputus", "at character 23: expected ')', found the end"),
        (
            "sisa_lalu - sisa",
            "unknown data element 'sisa_lalu' (the unit has: diputus, sisa, tepat_waktu)",
        ),
        ('ind("SK2.3") + 1', "refers to itself through SK1.2 → SK2.3 → SK2.1 → SK1.2"),
    ]:
        if text.startswith("ind"):  # make SK2.1 read SK1.2, so SK1.2 → … closes a loop
            sk21 = Indicator.objects.get(code="SK2.1")
            sk21.method_params = {"formula": 'ind("SK1.2") + tepat_waktu'}
            sk21.save()
        with pytest.raises(ValidationError) as err:
            set_formula(sk12, text, user=admin)
        assert err.value.message_dict == {"formula": [message]}
        sk12.refresh_from_db()
        assert sk12.method == "manual"
    set_formula(sk12, "sisa", user=admin)
    assert rows("SK1.2")["year"].value == Decimal(30)
    assert rows("SK1.2")["q2"].value == Decimal(36)


def test_set_formula_needs_the_planning_right(django_user_model):
    from django.core.exceptions import PermissionDenied

    from kinerja.measurement.services import set_formula

    load_data(dataset())
    stranger = django_user_model.objects.create_user("luar", password="x")
    with pytest.raises(PermissionDenied):
        set_formula(Indicator.objects.get(code="SK1.2"), "sisa", user=stranger)


def test_admin_form_refuses_a_bad_formula():
    from kinerja.planning.admin import IndicatorAdminForm

    load_data(dataset())
    sk21 = Indicator.objects.get(code="SK2.1")
    fields = {
        f: getattr(sk21, f)
        for f in ("code", "name", "unit_label", "polarity", "aggregation", "frequency", "position")
    }
    data = {
        **fields,
        "version": sk21.version_id,
        "objective": sk21.objective_id,
        "method": "formula",
        "method_params": json.dumps({"formula": "tepat_waktu / putus"}),
    }
    form = IndicatorAdminForm(data, instance=sk21)
    assert not form.is_valid()
    assert form.errors["method_params"] == [
        "unknown data element 'putus' (the unit has: diputus, sisa, tepat_waktu)"
    ]
    data["method_params"] = json.dumps({"formula": "tepat_waktu / diputus"})
    assert IndicatorAdminForm(data, instance=sk21).is_valid()


def test_admin_indicator_page_renders(client, django_user_model):
    from django.urls import reverse

    load_data(dataset())
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    sk21 = Indicator.objects.get(code="SK2.1")
    page = client.get(reverse("admin:planning_indicator_change", args=[sk21.pk]))
    assert page.status_code == 200
    assert "tepat_waktu / diputus * 100" in page.content.decode()
