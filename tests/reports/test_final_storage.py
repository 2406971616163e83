"""Final report files in the file storage: written before the rows, gone again when the
issue fails, and a storage that fails issues nothing."""

import pytest

from kinerja.reports.finals import FinalizeError, finalize
from kinerja.reports.models import FinalReport, FinalReportFile


@pytest.fixture
def palembang(demo):
    from kinerja.org.models import Unit

    return Unit.objects.get(code="bspji-palembang")


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_an_issued_file_is_in_the_storage_under_its_report(palembang, evidence_root):
    report = finalize(palembang, 2023, formats=("xlsx",))
    file = report.files.get()
    assert stored_files(evidence_root) == [file.file.name]
    assert file.file.name.startswith("final-reports/bspji-palembang/2023/lakin-v1-")
    assert (evidence_root / file.file.name).read_bytes() == file.content


def test_a_full_storage_issues_nothing(palembang, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storage_doubles.FullStorage"}}
    with pytest.raises(FinalizeError) as caught:
        finalize(palembang, 2023, formats=("xlsx",))
    assert caught.value.code == "storage"
    assert "No space left on device" in str(caught.value)
    assert not FinalReport.objects.exists() and not FinalReportFile.objects.exists()


def test_a_failure_after_the_first_file_deletes_the_written_files(
    palembang, evidence_root, monkeypatch
):
    saved = []
    original = FinalReportFile.save

    def second_fails(self, *args, **kwargs):
        if saved:
            raise RuntimeError("connection lost")
        saved.append(self.file.name)
        original(self, *args, **kwargs)

    monkeypatch.setattr(FinalReportFile, "save", second_fails)
    with pytest.raises(RuntimeError, match="connection lost"):
        finalize(palembang, 2023, formats=("xlsx", "docx"))
    assert saved and saved[0].startswith("final-reports/")
    assert stored_files(evidence_root) == []
    assert not FinalReport.objects.exists()
