"""Final versions from the web app and the command: the LAKIN, the Perjanjian Kinerja and
the quarterly reports, each stays as issued while the data changes."""

import hashlib
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from kinerja.jobs.models import Job
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import Agreement, AgreementIndicator
from kinerja.reports import services
from kinerja.reports.finals import FinalizeError, changes_since, finalize, stored_table
from kinerja.reports.models import FinalReport, ReportKind

UNIT = "bspji-palembang"
FINALIZE = reverse("reports:finalize", args=[UNIT, 2023])
INDEX = reverse("reports:index", args=[UNIT, 2023])


@pytest.fixture
def xlsx_only(monkeypatch):
    # The LAKIN's PDF takes seconds; these tests are about what is stored, not the PDF.
    monkeypatch.setattr(services, "FINAL_FORMATS", ("xlsx",))


@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code=UNIT)


def test_the_head_issues_a_perkin_that_later_target_edits_leave_alone(client, users, eager):
    client.force_login(users["kepala"])
    # Issued by a background job (jobs/); its page links to the final version.
    response = client.post(FINALIZE, {"document": "perkin", "reason": ""}, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == f"/pekerjaan/{job.pk}/"
    report = FinalReport.objects.get()
    assert (job.kind, job.state, job.result) == (
        "finalize",
        "succeeded",
        {"final_report": report.pk, "version": 1},
    )
    page = response.content.decode()
    assert "Versi final 1 diterbitkan." in page
    assert f'href="{reverse("reports:final_detail", args=[UNIT, 2023, report.pk])}"' in page
    assert (report.kind, report.period, report.version) == (ReportKind.PERKIN, "", 1)
    assert report.created_by == users["kepala"]
    assert sorted(report.files.values_list("format", flat=True)) == ["docx", "pdf", "xlsx"]
    stored = {f.format: bytes(f.content) for f in report.files.all()}

    item = AgreementIndicator.objects.get(
        version__agreement__unit__code=UNIT, version__agreement__year=2023, indicator__code="SK1.1"
    )
    # A signed version refuses edits in the model; even a change made behind its back,
    # straight in the database, must leave the final report as it was issued.
    AgreementIndicator.objects.filter(pk=item.pk).update(target=Decimal("35"))

    report.refresh_from_db()
    for file in report.files.all():
        assert bytes(file.content) == stored[file.format]
        assert hashlib.sha256(stored[file.format]).hexdigest() == file.sha256
    # The stored XLSX still says 30; a download of the final is the stored file.
    response = client.get(reverse("reports:final_file", args=[UNIT, 2023, report.pk, "xlsx"]))
    downloaded = response.getvalue()  # streamed from the file storage
    assert downloaded == stored["xlsx"]
    assert 'filename="perkin-bspji-palembang-2023-v1.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(downloaded), read_only=True)
    cells = [c for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r]
    assert 30 in cells and 35 not in cells

    changes = changes_since(report)
    assert any(line.endswith('"30" → "35"') for line in changes)
    page = client.get(INDEX)
    [row] = page.context["finals"]
    assert row.changes == changes
    assert "1 perubahan" in page.content.decode()
    detail = client.get(reverse("reports:final_detail", args=[UNIT, 2023, report.pk]))
    assert escape(changes[0]) in detail.content.decode()


def test_a_second_version_needs_a_reason(client, users, xlsx_only, eager):
    client.force_login(users["kepala"])
    client.post(FINALIZE, {"document": "triwulan-2"})
    response = client.post(FINALIZE, {"document": "triwulan-2", "reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Dokumen ini sudah memiliki versi final; versi baru memerlukan alasan."
    ]
    assert FinalReport.objects.count() == 1
    response = client.post(FINALIZE, {"document": "triwulan-2", "reason": "Realisasi Q2 dikoreksi"})
    assert response.status_code == 302 and response["Location"].startswith("/pekerjaan/")
    versions = FinalReport.objects.filter(kind=ReportKind.QUARTERLY, period="q2")
    assert list(versions.values_list("version", "reason")) == [
        (1, ""),
        (2, "Realisasi Q2 dikoreksi"),
    ]
    # Another quarter is its own sequence: its first version needs no reason.
    assert client.post(FINALIZE, {"document": "triwulan-3"}).status_code == 302
    assert FinalReport.objects.get(period="q3").version == 1


def test_open_errors_do_not_block_a_lakin_and_are_stored_with_it(client, users, xlsx_only, eager):
    client.force_login(users["kepala"])
    findings = client.get(INDEX).context["findings"]
    assert findings["errors"] > 0
    assert client.post(FINALIZE, {"document": "lakin", "show_findings": "on"}).status_code == 302
    report = FinalReport.objects.get(kind=ReportKind.LAKIN)
    assert len(report.findings) == len(findings["rows"])
    assert report.show_findings  # the head's choice reaches the job
    # The report model is stored: the achievement table as issued.
    table = stored_table(report, "achievement-summary")
    sk11 = next(row for row in table["text"] if row[1] == "SK1.1")
    assert sk11[-2:] == ["177,78 %", "Tercapai"]


def test_a_draft_agreement_cannot_be_issued_as_final(client, users, palembang):
    agreement = Agreement.objects.get(unit=palembang, year=2023)
    draft = Agreement.objects.create(unit=palembang, year=2024, plan_version=agreement.plan_version)
    draft.versions.create(number=1, status=AgreementStatus.DRAFT)
    with pytest.raises(FinalizeError) as exc:
        finalize(palembang, 2024, kind=ReportKind.PERKIN, formats=("xlsx",))
    assert exc.value.code == "draft_agreement"
    client.force_login(users["kepala"])
    response = client.post(reverse("reports:finalize", args=[UNIT, 2024]), {"document": "perkin"})
    assert response.status_code == 200  # said by the form at once: no job queued
    assert "belum ditandatangani" in response.content.decode()
    assert not FinalReport.objects.exists() and not Job.objects.exists()


# The LAKIN through the command: tests/reports/test_finals.py, unchanged.
def test_the_command_issues_and_exports_perkin_and_quarterly_finals(palembang, tmp_path):
    out = StringIO()
    call_command("final_reports", unit=UNIT, year=2023, kind="perkin", issue=True, stdout=out)
    assert "Perjanjian Kinerja bspji-palembang 2023 versi final 1 diterbitkan" in out.getvalue()
    call_command(
        "final_reports",
        unit=UNIT,
        year=2023,
        kind="quarterly",
        quarter=1,
        issue=True,
        stdout=StringIO(),
    )
    out = StringIO()
    call_command(
        "final_reports",
        unit=UNIT,
        year=2023,
        kind="quarterly",
        quarter=1,
        export=1,
        out=str(tmp_path),
        stdout=out,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"triwulan-bspji-palembang-2023-q1-v1.{ext}" for ext in ("docx", "pdf", "xlsx")
    ]
    out = StringIO()
    call_command("final_reports", unit=UNIT, year=2023, stdout=out)
    assert out.getvalue() == "Belum ada versi final LAKIN untuk bspji-palembang tahun 2023\n"
    with pytest.raises(CommandError, match="tidak ada versi final 2; versi yang ada: 1"):
        call_command("final_reports", unit=UNIT, year=2023, kind="perkin", diff=2)
    with pytest.raises(CommandError, match="memerlukan triwulan 1 sampai 4, bukan None"):
        call_command("final_reports", unit=UNIT, year=2023, kind="quarterly")
    with pytest.raises(CommandError, match="laporan lakin tidak mempunyai triwulan"):
        call_command("final_reports", unit=UNIT, year=2023, quarter=2)
    with translation.override("en"):  # the language switch
        with pytest.raises(CommandError, match="a quarterly report needs a quarter 1 to 4"):
            call_command("final_reports", unit=UNIT, year=2023, kind="quarterly")
        with pytest.raises(CommandError, match="a lakin report has no quarter"):
            call_command("final_reports", unit=UNIT, year=2023, quarter=2)
