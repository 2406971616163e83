"""The review on the reports page: upload a report, see its findings or download the
review; files are checked by content and size and never stored; another unit's user gets
404; a file that cannot be read gets a message, never a crash."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .seed_tables import SEED_TABLES
from .test_review_files import BAD_FILES, BAD_FILES_IN_ENGLISH, _scanned_pdf, docx_with_tables

URL = reverse("review:review", args=["bspji-palembang", 2023])


def upload(client, data, name="laporan.docx", **extra):
    payload = {"file": SimpleUploadedFile(name, data), "output": "page", **extra}
    return client.post(URL, payload)


@pytest.fixture
def planner(client, users):
    client.force_login(users["perencana"])
    return client


def test_the_reports_page_links_to_the_review(planner):
    page = planner.get(reverse("reports:index", args=["bspji-palembang", 2023]))
    assert URL in page.content.decode()


def test_an_uploaded_docx_shows_its_findings(planner, tmp_path, monkeypatch, settings):
    monkeypatch.chdir(tmp_path)
    settings.MEDIA_ROOT = tmp_path
    response = upload(planner, docx_with_tables(SEED_TABLES))
    html = response.content.decode()
    assert response.status_code == 200
    assert "122,40%" in html and "83,93 %" in html and "jumlah tidak sesuai" in html
    assert list(tmp_path.iterdir()) == []  # nothing kept


def test_the_review_document_downloads_as_docx(planner):
    response = upload(planner, docx_with_tables(SEED_TABLES), output="docx")
    assert response.status_code == 200
    assert 'filename="reviu-bspji-palembang-2023.docx"' in response["Content-Disposition"]
    cells = [c.text for t in docx.Document(io.BytesIO(response.content)).tables for c in t._cells]
    assert "122,40%" in cells


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ not a report", "laporan.docx", "isinya bukan DOCX atau PDF"),
        (b"", "kosong.pdf", "kosong"),
    ],
)
def test_a_file_refused_by_its_content(planner, data, name, message):
    response = upload(planner, data, name)
    assert response.status_code == 200 and message in response.content.decode()


def test_a_scanned_pdf_gets_the_message_not_a_crash(planner):
    response = upload(planner, _scanned_pdf(), "scan.pdf")
    assert response.status_code == 200
    assert "tidak ada lapisan teks" in response.content.decode()


def test_an_oversized_file_is_refused_by_its_size(planner, settings):
    settings.KINERJA_REVIEW_MAX_BYTES = 1000
    response = upload(planner, b"%PDF-" + b"0" * 5000, "besar.pdf")
    assert "batasnya" in response.content.decode()


def test_another_units_user_gets_404(client, users):
    client.force_login(users["luar"])
    assert client.get(URL).status_code == 404
    assert upload(client, docx_with_tables(SEED_TABLES)).status_code == 404


@pytest.fixture
def in_english(planner):
    from django.utils import translation

    planner.cookies["django_language"] = "en"
    yield planner
    translation.deactivate()  # LocaleMiddleware leaves the request's language active


def test_the_page_speaks_english_on_request(in_english):
    html = upload(in_english, docx_with_tables(SEED_TABLES)).content.decode()
    assert "Review result" in html and "Figures that do not follow" in html
    assert "total is not the sum" in html and "error" in html
    assert "jumlah tidak sesuai" not in html


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_gets_its_reason_on_the_page(planner, name, data, message):
    if name == "truncated.docx":  # refused by the form, by its content
        message = "isinya bukan DOCX atau PDF"
    response = upload(planner, data, name)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"), BAD_FILES_IN_ENGLISH, ids=[b[0] for b in BAD_FILES_IN_ENGLISH]
)
def test_a_bad_file_gets_its_reason_in_english_on_request(in_english, name, data, message):
    if name == "truncated.docx":  # refused by the form, by its content
        message = "neither DOCX nor PDF"
    response = upload(in_english, data, name)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_docx_without_tables_says_so_on_the_page(planner):
    from kinerja.review.services import NO_TABLES

    response = upload(planner, docx_with_tables([], ["Capaian 105,56 %."]))
    assert response.status_code == 200 and NO_TABLES in response.content.decode()
