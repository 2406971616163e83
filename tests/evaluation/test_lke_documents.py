"""The LKE as XLSX (evaluators' layout), DOCX and PDF, with the score chart."""

import io
import subprocess
import zipfile

import openpyxl
import pytest
from django.urls import reverse


def _get(client, users, fmt, name="perencana"):
    client.force_login(users[name])
    return client.get(reverse("evaluation:download", args=["bspji-palembang", 2023, fmt]))


def test_the_xlsx_has_the_worksheet_rows_and_the_scores(client, users):
    response = _get(client, users, "xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [
        [c for c in row if c is not None]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    flat = [tuple(r) for r in rows if r]
    assert any(r[:2] == ("1", "Perencanaan Kinerja") and 23.7 in r for r in flat)
    assert any(r[0] == "1.b.3" and "A" in r and "B" in r and 0.75 in r for r in flat)
    assert any("Nilai akhir" in r and 76.8 in r for r in flat)


def test_the_docx_states_the_score_and_carries_the_chart(client, users):
    response = _get(client, users, "docx")
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        xml = z.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") for n in z.namelist())
    assert "76,80" in xml and "23,70" in xml and "BB" in xml


def test_the_pdf_reads_the_same(client, users, tmp_path):
    response = _get(client, users, "pdf")
    path = tmp_path / "lke.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "76,80" in text and "Perencanaan Kinerja" in text


@pytest.mark.parametrize(("name", "status"), [("luar", 404), ("bskji", 200)])
def test_who_may_download(client, users, name, status):
    assert _get(client, users, "xlsx", name).status_code == status
