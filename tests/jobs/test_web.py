"""The jobs pages: who sees which job and may download its result, the batch button of
the parent view, the htmx polling of a running job, the broker-down message."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kinerja.jobs.choices import JobKind, JobState
from kinerja.jobs.models import Job
from kinerja.org.models import Unit

pytestmark = pytest.mark.django_db

BATCH_URL = "/u/bskji/2023/unit-bawahan/laporan-massal/"


@pytest.fixture
def stored_jobs(eager, users):
    """A finished batch over BSKJI's units and a finished report of Palembang, each with
    its result file in storage."""
    bskji, palembang = Unit.objects.get(code="bskji"), Unit.objects.get(code="bspji-palembang")
    batch = Job.objects.create(
        kind=JobKind.BATCH,
        unit=bskji,
        unit_codes=["bspji-palembang", "bspji-pontianak"],
        year=2023,
        state=JobState.SUCCEEDED,
        total=2,
        done=2,
        requested_by=users["bskji"],
    )
    batch.result_file = default_storage.save(f"jobs/{batch.pk}/massal.zip", ContentFile(b"ZIP"))
    batch.save()
    report = Job.objects.create(
        kind=JobKind.RENDER, unit=palembang, unit_codes=["bspji-palembang"], year=2023
    )
    report.result_file = default_storage.save(f"jobs/{report.pk}/lakin.pdf", ContentFile(b"PDF"))
    report.state = JobState.SUCCEEDED
    report.save()
    return batch, report


@pytest.mark.parametrize(
    "username, sees_batch, sees_report",
    [
        ("bskji", True, True),  # the parent's reviewer reads every unit below
        ("perencana", False, True),  # Palembang's planner: not Pontianak's data
        ("kepala", False, True),
        ("luar", False, False),  # Pontianak's planner: neither
        ("admin", True, True),  # superuser
    ],
)
def test_jobs_and_their_files_only_for_who_reads_their_units(
    client, users, stored_jobs, username, sees_batch, sees_report
):
    batch, report = stored_jobs
    client.force_login(users[username])
    listing = client.get("/pekerjaan/").content.decode()
    for job, sees in ((batch, sees_batch), (report, sees_report)):
        assert (f'href="/pekerjaan/{job.pk}/"' in listing) is sees
        assert client.get(f"/pekerjaan/{job.pk}/").status_code == (200 if sees else 404)
        download = client.get(f"/pekerjaan/{job.pk}/unduh/")
        assert download.status_code == (200 if sees else 404)
        if sees:
            assert b"".join(download.streaming_content) in (b"ZIP", b"PDF")
            assert "attachment" in download["Content-Disposition"]


def test_jobs_need_a_login(client, stored_jobs):
    batch, _ = stored_jobs
    for url in ("/pekerjaan/", f"/pekerjaan/{batch.pk}/", f"/pekerjaan/{batch.pk}/unduh/"):
        assert client.get(url).status_code == 302


def test_the_parent_view_offers_the_batch_and_runs_it(client, users, eager):
    client.force_login(users["bskji"])
    page = client.get("/u/bskji/2023/unit-bawahan/").content.decode()
    assert f'action="{BATCH_URL}"' in page
    assert "Buat LAKIN massal" in page
    response = client.post(BATCH_URL, {"document": "lakin", "format": "xlsx"}, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == f"/pekerjaan/{job.pk}/"
    assert (job.kind, job.state, job.requested_by) == ("batch", "succeeded", users["bskji"])
    assert job.unit_codes == ["bspji-palembang", "bspji-pontianak"]
    page = response.content.decode()
    assert "Pekerjaan dimasukkan ke antrean: 2 laporan." in page
    assert "2 dari 2 laporan dibuat." in page
    assert f'href="/pekerjaan/{job.pk}/unduh/"' in page
    assert "hx-trigger" not in page  # finished: no more polling


@pytest.mark.parametrize("username", ["perencana", "kepala", "luar"])
def test_only_a_reviewer_of_the_parent_starts_a_batch(client, users, eager, username):
    client.force_login(users[username])
    assert client.post(BATCH_URL, {"format": "pdf"}).status_code in (403, 404)
    assert not Job.objects.exists()


def test_the_batch_says_plainly_when_background_work_is_down(client, users, eager, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    client.force_login(users["bskji"])
    response = client.post(BATCH_URL, {"format": "pdf"}, follow=True)
    assert response.redirect_chain[-1][0] == "/u/bskji/2023/unit-bawahan/"
    assert "Pekerjaan latar belakang sedang tidak tersedia" in response.content.decode()
    assert not Job.objects.exists()
    # the pages themselves still serve
    assert client.get("/pekerjaan/").status_code == 200


def test_a_running_job_is_polled_until_it_ends(client, users, eager):
    job = Job.objects.create(
        kind=JobKind.BATCH,
        unit=Unit.objects.get(code="bskji"),
        unit_codes=["bspji-palembang", "bspji-pontianak"],
        year=2023,
        state=JobState.RUNNING,
        total=2,
        done=1,
        message="Mengerjakan bspji-pontianak",
    )
    client.force_login(users["bskji"])
    partial = client.get(f"/pekerjaan/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<section id="status-pekerjaan"')
    assert f'hx-get="/pekerjaan/{job.pk}/" hx-trigger="every 2s"' in partial
    assert '<progress max="2" value="1"' in partial
    assert "Mengerjakan bspji-pontianak" in partial
    assert "<html" not in partial
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, message="alasan gagal")
    partial = client.get(f"/pekerjaan/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial
    assert "alasan gagal" in partial
