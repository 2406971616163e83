"""A final report stays what it was issued as; kinerja shows what the data says since."""

import hashlib
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.measurement.models import Realization
from kinerja.org.models import Unit
from kinerja.reports.finals import FinalizeError, changes_since, diff, finalize
from kinerja.reports.models import FinalReport


@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code="bspji-palembang")


def test_editing_the_data_never_changes_an_issued_report(palembang):
    report = finalize(palembang, 2023, formats=("xlsx",))
    stored = bytes(report.files.get().content)
    assert report.version == 1 and changes_since(report) == []
    assert hashlib.sha256(stored).hexdigest() == report.files.get().sha256

    Realization.objects.filter(indicator__code="SK3.1", year=2023, period="year").update(
        value=Decimal("60")
    )
    report.refresh_from_db()
    assert bytes(report.files.get().content) == stored  # the issued file is untouched
    changes = changes_since(report)
    assert any(
        line.startswith("realizations[") and line.endswith('"58.77" → "60"') for line in changes
    )

    with pytest.raises(
        FinalizeError, match="versi 1 laporan ini sudah final; versi baru memerlukan alasan"
    ):
        finalize(palembang, 2023, formats=("xlsx",))
    second = finalize(palembang, 2023, reason="Realisasi SK3.1 dikoreksi", formats=("xlsx",))
    assert second.version == 2 and second.content_hash != report.content_hash
    assert changes_since(second) == []


def test_a_final_report_cannot_be_saved_again(palembang):
    report = finalize(palembang, 2023, formats=("xlsx",))
    report.reason = "diam-diam"
    with pytest.raises(ValueError, match="never changes"):
        report.save()
    assert FinalReport.objects.get().reason == ""


def test_the_issued_report_keeps_its_consistency_findings(palembang):
    report = finalize(palembang, 2023, formats=("xlsx",))
    assert any(f["where"].startswith("SK3.3") for f in report.findings)


def test_diff_names_each_changed_place():
    old = {"plans": [{"code": "p", "targets": {"2023": 30}}], "notes": "a"}
    new = {"plans": [{"code": "p", "targets": {"2023": 35}}], "extra": 1}
    assert diff(old, new) == [
        "extra: added",
        "notes: removed",
        "plans.p.targets.2023: 30 → 35",
    ]


def test_command_issues_lists_diffs_and_exports(palembang, tmp_path):
    out = StringIO()
    call_command("final_reports", unit="bspji-palembang", year=2023, issue=True, stdout=out)
    assert "versi final 1 diterbitkan" in out.getvalue()
    out = StringIO()
    call_command("final_reports", unit="bspji-palembang", year=2023, stdout=out)
    listing = out.getvalue()
    assert listing.startswith("v1") and "data tidak berubah sejak versi ini" in listing
    # Local time with its zone, as the web shows it.
    assert re.search(r"^v1  \d{4}-\d\d-\d\d \d\d:\d\d WIB  ", listing)
    out = StringIO()
    call_command(
        "final_reports", unit="bspji-palembang", year=2023, export=1, out=str(tmp_path), stdout=out
    )
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".pdf", ".xlsx"]
    with pytest.raises(CommandError, match="tidak ada versi final 7; versi yang ada: 1"):
        call_command("final_reports", unit="bspji-palembang", year=2023, diff=7)
