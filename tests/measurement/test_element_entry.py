"""Data elements entered on the quarterly screen of a formula indicator: the same
workflow, evidence and audit as a typed figure; the realization recomputed from them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.audit.models import Change
from kinerja.measurement import entry_selectors, workflow
from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import DataElement, ElementValue, QuarterEntry, Realization
from kinerja.measurement.workflow import WorkflowError
from kinerja.org.models import Unit

UNIT, YEAR = "bspji-palembang", 2023
TODAY = date(2023, 4, 10)


@pytest.fixture
def users(entry_users):
    return entry_users


@pytest.fixture
def sk31(users):
    """SK3.1 (PIC: pic) turned into a formula over two elements of the unit."""
    unit = Unit.objects.get(code=UNIT)
    DataElement.objects.create(unit=unit, code="responden", name="Responden", unit_label="orang")
    DataElement.objects.create(unit=unit, code="puas", name="Responden puas", unit_label="orang")
    indicator = entry_selectors.agreement_item_by_code(unit, YEAR, "SK3.1").indicator
    indicator.method = "formula"
    indicator.method_params = {"formula": "puas / responden * 100"}
    indicator.save()
    return indicator


def values(period="q2"):
    return dict(
        ElementValue.objects.filter(year=YEAR, period=period).values_list("element__code", "value")
    )


def test_elements_saved_on_the_entry_compute_the_quarter(sk31, users, evidence_root, files):
    entry = workflow.entry_for(sk31, YEAR, 2)
    workflow.save_entry(
        entry,
        users["pic"],
        elements={"responden": "40", "puas": Decimal("34")},
        today=TODAY,
    )
    assert values() == {"responden": Decimal(40), "puas": Decimal(34)}
    row = Realization.objects.get(indicator=sk31, year=YEAR, period="q2")
    assert row.value == Decimal("85")
    assert row.provenance["inputs"]["values"] == [
        {"element": "puas", "year": YEAR, "period": "q2", "value": "34"},
        {"element": "responden", "year": YEAR, "period": "q2", "value": "40"},
    ]
    assert workflow.quarter_value(entry) == Decimal("85")
    # The same workflow: evidence, submit, and the figure kept with each step.
    pdf = SimpleUploadedFile("ba.pdf", files["pdf"], content_type="application/pdf")
    workflow.add_evidence(entry, users["pic"], pdf, today=TODAY)
    workflow.submit(entry, users["pic"], today=TODAY)
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.events.get().value == Decimal("85")
    # A submitted quarter's elements are not changed any more.
    with pytest.raises(WorkflowError):
        workflow.save_entry(entry, users["pic"], elements={"puas": "35"}, today=TODAY)
    assert values()["puas"] == Decimal(34)


def test_element_changes_are_in_the_audit_trail(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 2)
    workflow.save_entry(entry, users["pic"], elements={"responden": "40"}, today=TODAY)
    workflow.save_entry(entry, users["pic"], elements={"responden": "41"}, today=TODAY)
    row = ElementValue.objects.get(element__code="responden", period="q2")
    changes = list(Change.objects.for_object(row).order_by("pk"))
    assert [(c.action, (c.after or {}).get("value")) for c in changes] == [
        ("create", "40"),
        ("update", "41"),
    ]


def test_refused_element_input_changes_nothing(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 2)
    with pytest.raises(WorkflowError) as caught:
        workflow.save_entry(entry, users["pic"], elements={"sisa": "3"}, today=TODAY)
    assert "element_sisa" in caught.value.message_dict
    with pytest.raises(WorkflowError) as caught:
        workflow.save_entry(entry, users["pic"], elements={"puas": "banyak"}, today=TODAY)
    assert "bukan angka" in caught.value.message_dict["element_puas"][0]
    assert values() == {}


def test_division_by_zero_shows_why_and_blocks_submission(sk31, users, evidence_root, files):
    entry = workflow.entry_for(sk31, YEAR, 2)
    workflow.save_entry(entry, users["pic"], elements={"responden": "0", "puas": "0"}, today=TODAY)
    assert not Realization.objects.filter(indicator=sk31, period="q2").exists()
    pdf = SimpleUploadedFile("ba.pdf", files["pdf"], content_type="application/pdf")
    workflow.add_evidence(entry, users["pic"], pdf, today=TODAY)
    with pytest.raises(WorkflowError) as caught:
        workflow.submit(entry, users["pic"], today=TODAY)
    assert "division by zero" in caught.value.messages[0]


def test_a_manual_indicator_takes_no_elements(users):
    unit = Unit.objects.get(code=UNIT)
    sk31 = entry_selectors.agreement_item_by_code(unit, YEAR, "SK3.1").indicator
    entry = workflow.entry_for(sk31, YEAR, 2)
    with pytest.raises(WorkflowError):
        workflow.save_entry(entry, users["pic"], elements={"puas": "1"}, today=TODAY)


# -- the page ---------------------------------------------------------------------------------
def test_entry_page_has_a_field_per_element(client, sk31, users):
    client.force_login(users["pic"])
    url = reverse("measurement:entry", args=[UNIT, YEAR, 2, "SK3.1"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="element_puas"' in html and 'name="element_responden"' in html
    assert "puas / responden * 100" in html
    data = {"action": "save", "value": "", "target": "", "narrative": "", "explanation": ""}
    response = client.post(url, {**data, "element_puas": "9", "element_responden": "12"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert values() == {"puas": Decimal(9), "responden": Decimal(12)}
    assert Realization.objects.get(indicator=sk31, period="q2").value == Decimal(75)
    # A refused input is shown next to its field, and nothing is written.
    response = client.post(url, {**data, "element_puas": "x", "element_responden": "12"})
    assert response.status_code == 200
    assert QuarterEntry.objects.get(indicator=sk31, quarter=2).status == EntryStatus.DRAFT
    assert values()["puas"] == Decimal(9)


def test_a_submitted_entry_shows_its_elements(client, sk31, users, evidence_root, files):
    entry = workflow.entry_for(sk31, YEAR, 2)
    workflow.save_entry(entry, users["pic"], elements={"responden": "8", "puas": "6"}, today=TODAY)
    pdf = SimpleUploadedFile("ba.pdf", files["pdf"], content_type="application/pdf")
    workflow.add_evidence(entry, users["pic"], pdf, today=TODAY)
    workflow.submit(entry, users["pic"], today=TODAY)
    client.force_login(users["pic"])
    html = client.get(reverse("measurement:entry", args=[UNIT, YEAR, 2, "SK3.1"])).content.decode()
    assert 'name="element_puas"' not in html
    assert "<dt>Responden puas</dt><dd>6,00 orang</dd>" in html


def test_the_matrix_shows_a_formula_indicators_quarters(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 2)
    workflow.save_entry(entry, users["pic"], elements={"responden": "8", "puas": "6"}, today=TODAY)
    matrix = entry_selectors.entry_matrix(sk31.version.plan.unit, YEAR, users["pic"], TODAY)
    row = next(r for r in matrix.rows if r.item.indicator.code == "SK3.1")
    assert [c.value for c in row.cells] == [None, Decimal(75), None, None]


def test_a_shared_element_is_locked_while_another_report_is_reviewed(sk31, users):
    """SK3.4 reads the same element; its Q2 report is submitted, so SK3.1's owner cannot
    move the figure under the reviewer."""
    unit = sk31.version.plan.unit
    sk34 = entry_selectors.agreement_item_by_code(unit, YEAR, "SK3.4").indicator
    sk34.method = "formula"
    sk34.method_params = {"formula": "responden"}
    sk34.save()
    QuarterEntry.objects.create(indicator=sk34, year=YEAR, quarter=2, status=EntryStatus.SUBMITTED)
    entry = workflow.entry_for(sk31, YEAR, 2)
    with pytest.raises(WorkflowError) as caught:
        workflow.save_entry(entry, users["pic"], elements={"responden": "9"}, today=TODAY)
    assert caught.value.message_dict == {
        "element_responden": [
            "Elemen ini juga dibaca oleh SK3.4, yang laporan Triwulan II-nya berstatus "
            "“Diajukan”; elemen tidak dapat diubah sampai laporan itu dikembalikan atau "
            "dibuka kembali."
        ]
    }
    workflow.save_entry(entry, users["pic"], elements={"puas": "9"}, today=TODAY)  # not shared
    assert values() == {"puas": Decimal(9)}
