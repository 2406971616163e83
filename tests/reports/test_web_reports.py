"""The report page of a unit's year: downloads built on request, the open consistency
findings, and who may see them."""

import io

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.jobs.models import Job
from kinerja.reports.models import FinalReport

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNIT = "bspji-palembang"


def download_url(document, fmt, unit=UNIT, year=2023):
    return reverse("reports:download", args=[unit, year, document, fmt])


def render_url(document, fmt, unit=UNIT, year=2023):
    return reverse("reports:render", args=[unit, year, document, fmt])


def index_url(unit=UNIT, year=2023):
    return reverse("reports:index", args=[unit, year])


def test_pic_downloads_the_lakin_as_docx_with_its_chapters(client, users, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing may be written to the working directory
    client.force_login(users["pic"])
    response = client.get(download_url("lakin", "docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="lakin-bspji-palembang-2023.docx"'
    )
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert any(t.startswith("BAB III") for t in paragraphs)
    assert list(tmp_path.iterdir()) == []


def test_the_lakin_xlsx_opens_and_holds_the_achievement_table(client, users):
    client.force_login(users["bskji"])  # the parent unit's reviewer reads it too
    response = client.get(download_url("lakin", "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "lakin-bspji-palembang-2023.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    values = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert "SK3.3" in values and "Tercapai" in values


def test_the_lakin_pdf_is_a_pdf(client, users):
    client.force_login(users["kepala"])
    response = client.get(download_url("lakin", "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="lakin-bspji-palembang-2023.pdf"' in response["Content-Disposition"]


def test_perkin_and_quarterly_reports_download_like_the_commands_write_them(client, users):
    client.force_login(users["pic"])
    perkin = client.get(download_url("perkin", "docx"))
    assert perkin["Content-Type"] == DOCX
    assert 'filename="perkin-bspji-palembang-2023.docx"' in perkin["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(perkin.content)).paragraphs)
    assert "PIHAK PERTAMA" in text

    quarter = client.get(download_url("triwulan-2", "xlsx"))
    assert quarter["Content-Type"] == XLSX
    assert 'filename="triwulan-bspji-palembang-2023-q2.xlsx"' in quarter["Content-Disposition"]
    load_workbook(io.BytesIO(quarter.content), read_only=True)


@pytest.mark.parametrize(("document", "fmt"), [("lakin", "odt"), ("renstra", "docx")])
def test_an_unknown_document_or_format_is_not_found(client, users, document, fmt):
    client.force_login(users["pic"])
    assert client.get(download_url(document, fmt)).status_code == 404


def test_a_year_without_an_agreement_says_so_instead_of_a_file(client, users):
    client.force_login(users["pic"])
    response = client.get(download_url("lakin", "xlsx", year=2019), follow=True)
    assert response.redirect_chain[-1][0] == index_url(year=2019)
    page = response.content.decode()
    assert "tidak memiliki Perjanjian Kinerja untuk tahun ini" in page
    assert "belum memiliki Perjanjian Kinerja tahun 2019" in page
    assert index_url() in page  # a link to the year that has one


def test_the_page_lists_downloads_and_the_open_findings(client, users):
    client.force_login(users["pic"])
    response = client.get(index_url())
    assert response.status_code == 200
    assert response.context["nav"] == "reports"
    page = response.content.decode()
    for document in ("lakin", "perkin", "triwulan-4"):
        for fmt in ("docx", "pdf", "xlsx"):
            # a button that starts a background job (jobs/), not a link built in the request
            assert f'action="{render_url(document, fmt)}"' in page
    findings = response.context["findings"]
    # SK3.3 (2), the initial ceiling, and six printed figures of Tabel 3.69 and 3.72
    # (tests/reports/test_printed_figures.py).
    assert findings["errors"] == 9
    assert any(
        row["where"] == "SK3.3" and row["found"] == "18,33" and row["expected"] == "18,37"
        for row in findings["rows"]
    )
    assert "Kesalahan" in page and "Perlu diperiksa" in page
    # Only the head may issue a final version: the owner sees no form.
    assert response.context["form"] is None
    assert reverse("reports:finalize", args=[UNIT, 2023]) not in page


def test_the_head_sees_the_form_to_issue_a_final_version(client, users):
    client.force_login(users["kepala"])
    page = client.get(index_url()).content.decode()
    assert reverse("reports:finalize", args=[UNIT, 2023]) in page
    assert "tidak menghalangi penerbitan" in page


@pytest.mark.parametrize(
    "url",
    [
        index_url(),
        download_url("lakin", "xlsx"),
        reverse("reports:narratives", args=[UNIT, 2023]),
        reverse("reports:final_file", args=[UNIT, 2023, 1, "xlsx"]),
    ],
)
def test_another_units_user_gets_404_and_anonymous_the_login(client, users, url):
    client.force_login(users["luar"])
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_only_the_head_may_issue_a_final_version(client, users):
    url = reverse("reports:finalize", args=[UNIT, 2023])
    for name in ("pic", "perencana", "koordinator", "bskji"):
        client.force_login(users[name])
        assert client.post(url, {"document": "perkin"}).status_code == 403, name
    client.force_login(users["luar"])
    assert client.post(url, {"document": "perkin"}).status_code == 404
    assert not FinalReport.objects.exists()
    client.force_login(users["kepala"])
    assert client.get(url).status_code == 405  # issuing is a POST


@pytest.fixture
def typst_refuses(monkeypatch):
    """Every PDF fails in Typst, as a document Typst cannot typeset would."""
    from kinerja.reports.render import pdf

    monkeypatch.setattr(pdf, "template", lambda: '#panic("kaputt")')


def test_a_pdf_typst_refuses_is_reported_not_served(client, users, typst_refuses, caplog):
    client.force_login(users["pic"])
    response = client.get(download_url("perkin", "pdf"), follow=True)
    assert response.redirect_chain[-1][0] == index_url()
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "PDF tidak dapat disusun" in page and "kaputt" in page
    assert "could not be typeset" in caplog.text and "kaputt" in caplog.text


def test_a_final_version_is_not_issued_when_typst_refuses(client, users, typst_refuses, eager):
    client.force_login(users["kepala"])
    url = reverse("reports:finalize", args=[UNIT, 2023])
    response = client.post(url, {"document": "perkin"}, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == f"/pekerjaan/{job.pk}/"
    assert (job.kind, job.state) == ("finalize", "failed")
    assert "PDF tidak dapat disusun" in response.content.decode()
    assert not FinalReport.objects.exists()


# -- the page's buttons start background jobs (jobs/) ----------------------------------
def test_a_button_builds_the_report_in_a_job_whose_page_offers_the_file(client, users, eager):
    client.force_login(users["bskji"])  # the parent unit's reviewer reads it too
    response = client.post(render_url("lakin", "xlsx"), follow=True)
    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == f"/pekerjaan/{job.pk}/"
    assert (job.kind, job.state, job.requested_by) == ("render", "succeeded", users["bskji"])
    assert job.parameters == {"document": "lakin", "format": "xlsx"}
    page = response.content.decode()
    assert "sedang disusun" in page
    assert '<progress max="1" value="1"' in page
    assert "hx-trigger" not in page  # finished: no more polling
    assert f'href="{index_url()}"' in page
    download = client.get(f"/pekerjaan/{job.pk}/unduh/")
    assert 'filename="lakin-bspji-palembang-2023.xlsx"' in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    values = {c for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r}
    assert "SK3.3" in values and "Tercapai" in values


def test_a_report_job_is_for_who_reads_the_unit_and_known_documents(client, users, eager):
    client.force_login(users["luar"])
    assert client.post(render_url("lakin", "pdf")).status_code == 404
    client.force_login(users["pic"])
    assert client.post(render_url("lakin", "odt")).status_code == 404
    assert client.post(render_url("bukan", "pdf")).status_code == 404
    assert client.get(render_url("lakin", "pdf")).status_code == 405  # a job is a POST
    assert not Job.objects.exists()


def test_a_typst_failure_in_a_report_job_is_its_reason(client, users, typst_refuses, eager):
    client.force_login(users["pic"])
    page = client.post(render_url("perkin", "pdf"), follow=True).content.decode()
    job = Job.objects.get()
    assert job.state == "failed" and not job.result_file
    assert "PDF tidak dapat disusun" in page and "kaputt" in page
    assert "Unduh hasil" not in page


@pytest.fixture
def broker_down(eager, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there


def test_with_the_broker_down_the_buttons_say_so_and_record_nothing(client, users, broker_down):
    client.force_login(users["kepala"])
    response = client.post(render_url("lakin", "pdf"), follow=True)
    assert response.redirect_chain[-1][0] == index_url() + "#unduh"
    assert "Pekerjaan latar belakang sedang tidak tersedia" in response.content.decode()
    response = client.post(reverse("reports:finalize", args=[UNIT, 2023]), {"document": "lakin"})
    assert response.status_code == 200
    assert "Pekerjaan latar belakang sedang tidak tersedia" in response.content.decode()
    assert not Job.objects.exists() and not FinalReport.objects.exists()
