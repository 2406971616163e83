"""The XLSX round trip of Renstra targets: download, edit, upload, dry run, confirm."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from planning_xlsx import cell, edit_cell, row_number, upload

from kinerja.audit.models import Change as AuditChange
from kinerja.planning import services, spreadsheet
from kinerja.planning.models import PlanVersion, Target


def sk31_2024(version):
    return Target.objects.get(indicator__version=version, indicator__code="SK3.1", year=2024).value


def all_targets(version):
    return sorted(
        Target.objects.filter(indicator__version=version).values_list(
            "indicator__code", "year", "value", "max_value"
        )
    )


@pytest.fixture
def urls(palembang, version):
    args = [palembang.code, version.pk]
    return {
        "download": reverse("planning:targets_xlsx", args=args),
        "upload": reverse("planning:targets_upload", args=args),
        "back": reverse("planning:plan_version", args=args),
    }


def download(client, urls) -> bytes:
    response = client.get(urls["download"])
    assert response.status_code == 200
    return response.content


def test_the_template_is_prefilled_with_numbers_and_explains_the_rules(client_for, urls):
    data = download(client_for("perencana"), urls)
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["Petunjuk", "Target"]
    header = [c.value for c in book["Target"][1]]
    assert header == ["Kode", "Indikator", "Satuan", "Batas", 2021, 2022, 2023, 2024]
    assert cell(data, "Target", "SK3.1", 2023) == 40  # a number, not text
    assert isinstance(cell(data, "Target", "SK3.1", 2023), int)
    assert cell(data, "Target", "SK1.1", 2021) == "N/A"  # not set in the Renstra
    readme = [row[0] for row in book["Petunjuk"].iter_rows(values_only=True) if row[0]]
    assert any("N/A berbeda dari 0" in str(line) for line in readme)
    identity = {row[0]: row[1] for row in book["Petunjuk"].iter_rows(values_only=True) if row[0]}
    assert identity["Kode unit"] == "bspji-palembang" and identity["Versi Renstra"] == 3


def test_round_trip_dry_run_shows_exactly_the_change_then_confirm_writes_it(
    client_for, urls, version
):
    client = client_for("perencana")
    before = all_targets(version)
    data = edit_cell(download(client, urls), "Target", "SK3.1", 2024, 47.5)

    response = client.post(urls["upload"], {"file": upload(data, "target.xlsx")})
    assert response.status_code == 302
    review_url = response["Location"]

    response = client.get(review_url)
    review = response.context["review"]
    assert review.ok
    assert [(c.code, c.column, c.old, c.new) for c in review.changes] == [
        ("SK3.1", "2024", "40", "47,5")
    ]
    row = row_number(data, "Target", "SK3.1")
    assert review.changes[0].place == f"lembar Target, baris {row}, kolom 2024"
    assert review.unchanged_rows == review.rows - 1
    assert all_targets(version) == before  # the dry run wrote nothing

    response = client.post(review_url, {"reason": ""})
    assert response.status_code == 200
    assert "Alasan perubahan wajib diisi." in response.content.decode()
    assert all_targets(version) == before

    response = client.post(review_url, {"reason": "Penyesuaian target 2024 (uji)"})
    assert response.status_code == 302 and response["Location"] == urls["back"]
    after = all_targets(version)
    changed = [t for t in after if t not in before]
    assert changed == [("SK3.1", 2024, Decimal("47.5"), None)]
    assert len(after) == len(before)
    logged = AuditChange.objects.filter(content_type__model="target").latest("pk")
    assert (logged.username, logged.reason) == ("perencana", "Penyesuaian target 2024 (uji)")
    # The token is spent: the same confirmation cannot be posted twice.
    assert client.post(review_url, {"reason": "lagi"})["Location"] == urls["upload"]


def test_text_in_a_number_cell_names_sheet_row_and_column_and_nothing_is_written(
    client_for, urls, version
):
    client = client_for("perencana")
    before = all_targets(version)
    data = download(client, urls)
    data = edit_cell(data, "Target", "SK3.1", 2024, 47.5)  # a valid change alongside
    data = edit_cell(data, "Target", "SK3.4", 2023, "empat puluh lima")
    review_url = client.post(urls["upload"], {"file": upload(data)})["Location"]

    response = client.get(review_url)
    review = response.context["review"]
    row = row_number(data, "Target", "SK3.4")
    assert [(p.path, p.message) for p in review.problems] == [
        (
            f"lembar Target, baris {row}, kolom 2023",
            'harus berupa angka atau N/A, bukan "empat puluh lima"',
        )
    ]
    html = response.content.decode()
    assert f"lembar Target, baris {row}, kolom 2023" in html
    assert "Konfirmasi dan simpan" not in html  # no confirm button for a bad file

    response = client.post(review_url, {"reason": "tetap mencoba"})  # posted anyway
    assert response.status_code == 200
    assert not response.context["review"].ok
    assert all_targets(version) == before


@pytest.mark.parametrize(
    "content",
    [
        b"Kode;2023\nSK3.1;40\n",  # a CSV file named .xlsx
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,  # an old .xls
        b"PK\x03\x04not really a zip",
        b"",
    ],
    ids=["csv", "xls", "broken-zip", "empty"],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused(client_for, urls, content):
    client = client_for("perencana")
    response = client.post(urls["upload"], {"file": upload(content, "target.xlsx")})
    assert response.status_code == 200  # the form again, with the error at the field
    assert response.context["form"].errors["file"]
    assert spreadsheet.SESSION_KEY not in client.session


def test_a_zip_that_is_not_a_workbook_is_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "Bukan berkas XLSX" in spreadsheet.check_xlsx(out.getvalue())


def test_an_oversized_upload_is_refused(client_for, urls):
    data = b"PK\x03\x04" + b"0" * spreadsheet.MAX_UPLOAD_BYTES
    response = client_for("perencana").post(urls["upload"], {"file": upload(data)})
    assert "terlalu besar" in " ".join(response.context["form"].errors["file"])


def test_the_head_cannot_upload_targets(client_for, urls, version, users):
    client = client_for("kepala")
    assert client.get(urls["download"]).status_code == 200  # reading is fine
    data = edit_cell(download(client, urls), "Target", "SK3.1", 2024, 47.5)
    assert client.get(urls["upload"]).status_code == 403
    assert client.post(urls["upload"], {"file": upload(data)}).status_code == 403
    with pytest.raises(PermissionDenied):  # the service checks too, not only the view
        services.apply_targets(version, data, user=users["kepala"], reason="uji")
    assert sk31_2024(version) == 40


def test_a_pending_upload_belongs_to_the_session_that_made_it(client_for, urls, users, version):
    planner = client_for("perencana")
    data = edit_cell(download(planner, urls), "Target", "SK3.1", 2024, 47.5)
    review_url = planner.post(urls["upload"], {"file": upload(data)})["Location"]
    other = Client()
    other.force_login(users["admin"])  # may do everything, but this is not their upload
    response = other.post(review_url, {"reason": "dari sesi lain"})
    assert response.status_code == 302 and response["Location"] == urls["upload"]
    assert sk31_2024(version) == 40


def test_na_replaces_a_number_and_a_cleared_cell_is_refused(version, client_for, urls):
    data = download(client_for("perencana"), urls)
    review = services.review_targets(version, edit_cell(data, "Target", "SK3.4", 2021, "N/A"))
    assert review.ok
    assert [(c.code, c.old, c.new) for c in review.changes] == [("SK3.4", "40", "N/A")]

    review = services.review_targets(version, edit_cell(data, "Target", "SK3.4", 2021, None))
    (problem,) = review.problems
    assert "tulis N/A" in problem.message and problem.path.endswith("kolom 2021")


def test_unknown_codes_and_years_outside_the_plan_are_named(version, client_for, urls):
    data = download(client_for("perencana"), urls)
    data = edit_cell(data, "Target", "SK3.4", "Kode", "SK99.9")
    review = services.review_targets(version, data)
    assert any('kode "SK99.9" tidak ada' in p.message for p in review.problems)


def test_a_realization_file_uploaded_as_targets_is_refused(client_for, version, palembang):
    client = client_for("perencana")
    data = client.get(reverse("planning:realizations_xlsx", args=[palembang.code, 2023])).content
    review = services.review_targets(version, data)
    assert not review.ok
    assert 'berjenis "realisasi"' in review.problems[0].message + review.problems[-1].message


def test_targets_of_a_reference_only_or_superseded_version_are_read_only(
    client_for, palembang, version, users
):
    client = client_for("perencana")
    data = edit_cell(
        client.get(reverse("planning:targets_xlsx", args=[palembang.code, version.pk])).content,
        "Target",
        "SK3.1",
        2024,
        47.5,
    )
    v1 = PlanVersion.objects.get(plan=version.plan, number=1)
    url = reverse("planning:targets_upload", args=[palembang.code, v1.pk])
    response = client.post(url, {"file": upload(data)}, follow=True)
    assert "hanya rujukan dokumen" in response.content.decode()
    assert spreadsheet.SESSION_KEY not in client.session

    PlanVersion.objects.filter(pk=version.pk).update(in_force=False)
    version.refresh_from_db()
    with pytest.raises(ValidationError, match="tidak berlaku lagi"):
        services.apply_targets(version, data, user=users["perencana"], reason="uji")
    assert sk31_2024(version) == 40


def test_a_range_indicator_has_a_row_per_bound_and_the_bounds_stay_ordered(
    client_for, urls, version
):
    from kinerja.planning.models import Indicator

    Indicator.objects.filter(version=version, code="SK3.4").update(polarity="range")
    Target.objects.filter(indicator__version=version, indicator__code="SK3.4").update(
        max_value=Decimal(60)
    )
    data = download(client_for("perencana"), urls)
    assert cell(data, "Target", "SK3.4", "Batas") == "bawah"  # the first of its two rows
    upper = edit_cell(data, "Target", "SK3.4", 2024, 65, bound="atas")
    review = services.review_targets(version, upper)
    assert review.ok
    assert [(c.column, c.old, c.new) for c in review.changes] == [("2024 (batas atas)", "60", "65")]

    crossed = edit_cell(data, "Target", "SK3.4", 2024, 70, bound="bawah")  # above 60
    (problem,) = services.review_targets(version, crossed).problems
    assert "batas bawah 70 lebih besar dari batas atas 60" in problem.message

    unbounded = edit_cell(data, "Target", "SK3.4", "Batas", None, bound="atas")
    assert "indikator rentang" in services.review_targets(version, unbounded).problems[0].message
