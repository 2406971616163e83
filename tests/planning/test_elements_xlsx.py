"""Data elements in the realization workbook: a second sheet, read under the same rules
(a dry run first, never clearing a stored value, approved quarters locked), and the
formula indicators recomputed after the confirmation."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from planning_xlsx import cell, edit_cell, row_number, upload

from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import DataElement, ElementValue, QuarterEntry, Realization
from kinerja.planning.models import Indicator

SHEET = "Elemen data"


@pytest.fixture
def sk31(palembang):
    responden = DataElement.objects.create(
        unit=palembang, code="responden", name="Responden", unit_label="orang"
    )
    DataElement.objects.create(
        unit=palembang, code="puas", name="Responden puas", unit_label="orang"
    )
    ElementValue.objects.create(element=responden, year=2023, period="q1", value=Decimal(20))
    indicator = Indicator.objects.get(
        code="SK3.1", version__plan__unit=palembang, version__in_force=True
    )
    indicator.method = "formula"
    indicator.method_params = {"formula": "puas / responden * 100"}
    indicator.save()
    return indicator


@pytest.fixture
def urls(palembang):
    args = [palembang.code, 2023]
    return {
        "download": reverse("planning:realizations_xlsx", args=args),
        "upload": reverse("planning:realizations_upload", args=args),
    }


@pytest.fixture
def workbook(client_for, urls, sk31) -> bytes:
    response = client_for("perencana").get(urls["download"])
    assert response.status_code == 200
    return response.content


def test_the_workbook_lists_the_elements_with_their_values(workbook):
    assert cell(workbook, SHEET, "responden", "TW1") == 20
    assert cell(workbook, SHEET, "puas", "TW1") is None
    assert cell(workbook, SHEET, "puas", "Elemen data") == "Responden puas"
    assert cell(workbook, "Realisasi", "SK3.1", "Metode") == (
        "Dihitung dari catatan: Rumus dari elemen data"
    )


def test_round_trip_writes_the_elements_and_recomputes(client_for, urls, workbook, sk31, eager):
    client = client_for("perencana")
    data = edit_cell(workbook, SHEET, "puas", "TW1", "15")
    review_url = client.post(urls["upload"], {"file": upload(data)})["Location"]
    review = client.get(review_url).context["review"]
    assert review.ok, review.problems
    row = row_number(data, SHEET, "puas")
    assert [(c.place, c.code, c.column, c.old, c.new) for c in review.changes] == [
        (f"lembar Elemen data, baris {row}, kolom TW1", "puas", "TW1", "–", "15")
    ]
    assert not ElementValue.objects.filter(element__code="puas").exists()  # dry run

    response = client.post(review_url, {"reason": ""})  # a background job (jobs/) writes it
    assert response.status_code == 302 and response["Location"].startswith("/pekerjaan/")
    assert ElementValue.objects.get(element__code="puas", period="q1").value == Decimal(15)
    row = Realization.objects.get(indicator=sk31, year=2023, period="q1")
    assert row.value == Decimal(75)
    assert row.provenance["method"] == "formula"


def test_bad_element_rows_are_refused_and_nothing_is_written(client_for, urls, workbook):
    book = load_workbook(io.BytesIO(workbook))
    book[SHEET].append(["sisa", "Sisa", "perkara", None, 3])
    out = io.BytesIO()
    book.save(out)
    data = edit_cell(out.getvalue(), SHEET, "responden", "TW1", None)
    data = edit_cell(data, SHEET, "puas", "TW2", "banyak")
    review_url = client_for("perencana").post(urls["upload"], {"file": upload(data)})["Location"]
    review = client_for("perencana").get(review_url).context["review"]
    messages = sorted(p.message for p in review.problems)
    assert messages == [
        'elemen data "sisa" tidak ada di unit ini (yang ada: puas, responden)',
        'harus berupa angka, bukan "banyak"',
        "sel ini dikosongkan, padahal nilainya 20; nilai yang tercatat tidak dapat "
        "dihapus lewat berkas",
    ]
    assert ElementValue.objects.count() == 1


def test_an_approved_quarter_locks_its_elements(client_for, urls, workbook, sk31):
    QuarterEntry.objects.create(indicator=sk31, year=2023, quarter=1, status=EntryStatus.APPROVED)
    data = edit_cell(workbook, SHEET, "puas", "TW1", "15")
    data = edit_cell(data, SHEET, "puas", "TW2", "16")  # Q2 is not approved: allowed
    review_url = client_for("perencana").post(urls["upload"], {"file": upload(data)})["Location"]
    review = client_for("perencana").get(review_url).context["review"]
    assert [p.message for p in review.problems] == [
        "SK3.1 dihitung dari elemen ini: Laporan SK3.1 Triwulan I sudah disetujui dan "
        "terkunci; kepala unit atau perencana harus membukanya kembali dengan alasan."
    ]
    assert not ElementValue.objects.filter(element__code="puas").exists()
