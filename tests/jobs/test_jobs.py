"""Background jobs in eager mode: recorded, run through the same services as the pages,
their outcome on the job row; idempotent finals; a batch that goes past a failing unit;
the broker down records nothing."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage

from kinerja.audit.models import Change
from kinerja.jobs import runners, services
from kinerja.jobs.choices import JobKind, JobState
from kinerja.jobs.models import Job
from kinerja.org.models import Unit
from kinerja.reports.models import FinalReport, FinalReportFile

pytestmark = pytest.mark.django_db


def unit(code):
    return Unit.objects.get(code=code)


def test_a_report_job_renders_into_storage(eager, users):
    job = services.request_job(
        JobKind.RENDER,
        unit("bspji-palembang"),
        2023,
        user=users["perencana"],
        parameters={"document": "lakin", "format": "xlsx"},
    )
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.message
    assert job.attempts == 1 and job.started_at and job.finished_at
    assert job.result_file == f"jobs/{job.pk}/lakin-bspji-palembang-2023.xlsx"
    with default_storage.open(job.result_file, "rb") as handle:
        assert handle.read(2) == b"PK"
    # requested, started, ended: three saved states in the audit trail, with the user
    changes = Change.objects.for_object(job)
    assert changes.count() == 3
    assert {c.user_id for c in changes} == {users["perencana"].pk}


def test_a_final_issued_twice_by_the_same_job_is_one_version(eager, users, settings):
    palembang = unit("bspji-palembang")
    job = services.request_job(
        JobKind.FINALIZE,
        palembang,
        2023,
        user=users["kepala"],
        parameters={"document": "lakin", "formats": ["xlsx"]},
    )
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.message
    assert FinalReport.objects.filter(unit=palembang, year=2023, kind="lakin").count() == 1
    # The task delivered again (its worker died before acknowledging it), as a finished
    # job and as one still marked running: no second version either way.
    runners.run(job.pk)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    runners.run(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    reports = FinalReport.objects.filter(unit=palembang, year=2023, kind="lakin")
    assert [r.version for r in reports] == [1]
    assert job.result == {"final_report": reports[0].pk, "version": 1}
    assert FinalReportFile.objects.filter(report=reports[0]).count() == 1


def test_a_final_that_fails_leaves_no_version_and_says_why(eager, users, monkeypatch):
    from kinerja.reports import finals

    def broken(document, fmt):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(finals, "render", broken)
    job = services.request_job(
        JobKind.FINALIZE,
        unit("bspji-palembang"),
        2023,
        user=users["kepala"],
        parameters={"document": "lakin", "formats": ["xlsx"]},
    )
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.message == "RuntimeError: renderer exploded"
    assert not FinalReport.objects.exists()


def test_a_job_for_a_year_without_agreement_fails_with_the_reason(eager, users):
    job = services.request_job(
        JobKind.RENDER,
        unit("bspji-palembang"),
        1999,
        user=users["perencana"],
        parameters={"document": "lakin", "format": "xlsx"},
    )
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.message.startswith("Tidak ada Perjanjian Kinerja untuk tahun ini")
    assert job.result_file == ""


def test_a_worker_lost_too_often_fails_the_job(eager, users):
    job = Job.objects.create(
        kind=JobKind.RENDER,
        unit=unit("bspji-palembang"),
        year=2023,
        state=JobState.RUNNING,
        attempts=services.MAX_ATTEMPTS,
    )
    runners.run(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "berhenti di tengah jalan" in job.message


def test_a_batch_goes_past_a_failing_unit(eager, users, monkeypatch):
    from kinerja.reports import services as report_services

    real = report_services.build_file

    def failing_for_pontianak(u, year, spec, fmt):
        if u.code == "bspji-pontianak":
            raise RuntimeError("data rusak")
        return real(u, year, spec, fmt)

    monkeypatch.setattr(report_services, "build_file", failing_for_pontianak)
    bskji = unit("bskji")
    from kinerja.jobs.selectors import batch_units

    covered = [u.code for u in batch_units(bskji, 2023)]
    assert covered == ["bspji-palembang", "bspji-pontianak"]
    job = services.request_job(
        JobKind.BATCH,
        bskji,
        2023,
        user=users["bskji"],
        unit_codes=covered,
        parameters={"document": "lakin", "format": "xlsx"},
    )
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert (job.done, job.total) == (2, 2)
    assert job.result["units"] == [
        {"unit": "bspji-palembang", "ok": True, "file": "lakin-bspji-palembang-2023.xlsx"},
        {"unit": "bspji-pontianak", "ok": False, "reason": "RuntimeError: data rusak"},
    ]
    assert "1 dari 2 laporan dibuat" in job.message
    with default_storage.open(job.result_file, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert sorted(archive.namelist()) == ["DAFTAR.txt", "lakin-bspji-palembang-2023.xlsx"]
    assert "bspji-pontianak\tGAGAL: RuntimeError: data rusak" in archive.read("DAFTAR.txt").decode()


def test_broker_down_records_nothing(eager, users, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    before = Change.objects.count()
    with pytest.raises(services.BackgroundUnavailable) as caught:
        services.request_job(JobKind.RENDER, unit("bspji-palembang"), 2023, user=users["perencana"])
    assert "tidak tersedia" in caught.value.user_message
    assert not Job.objects.exists()
    assert Change.objects.count() == before


def test_a_publish_that_fails_rolls_the_job_back(eager, users, monkeypatch):
    from kinerja.jobs import broker, tasks

    def refused(job):
        raise broker.BrokerUnavailable("ConnectionError: gone")

    monkeypatch.setattr(tasks, "enqueue", refused)
    with pytest.raises(services.BackgroundUnavailable):
        services.request_job(JobKind.RENDER, unit("bspji-palembang"), 2023)
    assert not Job.objects.exists()


def test_a_cancelled_job_is_not_started(eager, users):
    job = Job.objects.create(kind=JobKind.RENDER, unit=unit("bspji-palembang"), year=2023)
    assert services.cancel_job(job)
    runners.run(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.CANCELLED, 0)
    assert not services.cancel_job(job)
