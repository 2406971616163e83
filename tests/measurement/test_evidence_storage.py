"""Evidence through the file storage: a full or unreachable storage refuses the upload
with a located message and no row; a row that fails after the file was written takes
the file with it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.audit.models import Change
from kinerja.measurement import entry_selectors, workflow
from kinerja.measurement.models import Evidence
from kinerja.measurement.workflow import WorkflowError
from kinerja.org.models import Unit

YEAR, TODAY = 2023, date(2023, 4, 10)


@pytest.fixture
def entry(entry_users):
    unit = Unit.objects.get(code="bspji-palembang")
    indicator = entry_selectors.agreement_item_by_code(unit, YEAR, "SK3.1").indicator
    return workflow.entry_for(indicator, YEAR, 1)


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        ("storage_doubles.FullStorage", "No space left on device"),
        ("storage_doubles.UnreachableStorage", "Could not connect to the endpoint URL"),
    ],
)
def test_a_storage_that_fails_refuses_the_upload_and_records_nothing(
    entry, entry_users, settings, tmp_path, files, backend, reason
):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}
    changes = Change.objects.count()
    upload = SimpleUploadedFile("ba.pdf", files["pdf"], "application/pdf")
    with pytest.raises(WorkflowError) as caught:
        workflow.add_evidence(entry, entry_users["pic"], upload, today=TODAY)
    message = caught.value.message_dict["file"][0]
    assert "ba.pdf" in message and "penyimpanan berkas tidak tersedia" in message
    assert reason in message and f"evidence/bspji-palembang/{YEAR}/q1/" in message
    assert not Evidence.objects.exists()
    assert Change.objects.count() == changes
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_storage_failure_is_logged_with_its_reason(entry, entry_users, settings, files, caplog):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storage_doubles.FullStorage"}}
    upload = SimpleUploadedFile("ba.pdf", files["pdf"], "application/pdf")
    with (
        caplog.at_level("ERROR", logger="kinerja.measurement.workflow"),
        pytest.raises(WorkflowError),
    ):
        workflow.add_evidence(entry, entry_users["pic"], upload, today=TODAY)
    [record] = [r for r in caplog.records if r.name == "kinerja.measurement.workflow"]
    assert record.getMessage().startswith("evidence upload: ")
    assert "No space left on device" in record.getMessage()


def test_a_row_that_fails_after_the_write_deletes_the_file(
    entry, entry_users, evidence_root, files, monkeypatch
):
    def refuse(self, *args, **kwargs):
        assert any(p.is_file() for p in evidence_root.rglob("*"))  # written first
        raise RuntimeError("database went away")

    monkeypatch.setattr(Evidence, "save", refuse)
    upload = SimpleUploadedFile("ba.pdf", files["pdf"], "application/pdf")
    with pytest.raises(RuntimeError, match="database went away"):
        workflow.add_evidence(entry, entry_users["pic"], upload, today=TODAY)
    assert not any(p.is_file() for p in evidence_root.rglob("*"))


def test_evidence_is_written_under_evidence_in_the_storage(
    entry, entry_users, evidence_root, files
):
    upload = SimpleUploadedFile("ba.pdf", files["pdf"], "application/pdf")
    evidence = workflow.add_evidence(entry, entry_users["pic"], upload, today=TODAY)
    assert evidence.file.name.startswith(f"evidence/bspji-palembang/{YEAR}/q1/")
    assert (evidence_root / evidence.file.name).read_bytes() == files["pdf"]
