"""The jobs' commands and the import job, in eager mode: `kinerja batch` (and its
refusal with the broker down), `kinerja jobs --json`, the worker's command line, the demo
without a broker, an XLSX import of realizations run as a job."""

import io
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kinerja.core import serving
from kinerja.jobs import services
from kinerja.jobs.choices import JobKind, JobState
from kinerja.jobs.models import Job
from kinerja.measurement.models import Realization
from kinerja.org.models import Unit

pytestmark = pytest.mark.django_db


def test_batch_waits_with_progress_and_copies_the_zip(eager, demo, tmp_path):
    out = io.StringIO()
    call_command(
        "batch", "lakin", "--parent=BSKJI", "--year=2023", "--format=xlsx", "--wait",
        "--timeout=120", f"--out={tmp_path / 'hasil'}", stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    job = Job.objects.get()
    assert f"Pekerjaan {job.pk} diantrekan: lakin xlsx untuk 2 unit di bawah bskji, 2023." in text
    assert "[##############################] 2/2 selesai" in text
    assert (tmp_path / "hasil" / "lakin-bskji-2023-xlsx.zip").exists()
    listed = io.StringIO()
    call_command("jobs", "--json", stdout=listed)
    [row] = json.loads(listed.getvalue())
    assert row["id"] == job.pk
    assert (row["kind"], row["unit"], row["state"], row["done"], row["total"]) == (
        "batch", "bskji", "succeeded", 2, 2,
    )  # fmt: skip
    assert row["result_file"] == f"jobs/{job.pk}/lakin-bskji-2023-xlsx.zip"
    assert row["requested_by"] is None  # from the command line


def test_batch_with_the_broker_down_records_nothing(eager, demo, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(
        CommandError, match="pekerjaan latar belakang tidak tersedia.*tidak ada yang dicatat"
    ):
        call_command("batch", "lakin", "--parent=bskji", "--year=2023")
    assert not Job.objects.exists()


def test_batch_with_the_broker_down_says_so_in_english(eager, demo, settings, english_messages):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(CommandError, match="background work is unavailable.*nothing was recorded"):
        call_command("batch", "lakin", "--parent=bskji", "--year=2023")
    assert not Job.objects.exists()


def test_batch_refuses_a_parent_without_units_to_report(eager, demo):
    with pytest.raises(CommandError, match="tidak ada unit di bawah bspji-palembang"):
        call_command("batch", "lakin", "--parent=bspji-palembang", "--year=2023")
    with pytest.raises(CommandError, match="tidak ada unit dengan kode 'nowhere'"):
        call_command("batch", "lakin", "--parent=nowhere", "--year=2023")


def test_batch_refusals_in_english(eager, demo, english_messages):
    with pytest.raises(CommandError, match="no unit below bspji-palembang"):
        call_command("batch", "lakin", "--parent=bspji-palembang", "--year=2023")
    with pytest.raises(CommandError, match="no unit with the code 'nowhere'"):
        call_command("batch", "lakin", "--parent=nowhere", "--year=2023")


def test_jobs_cancels_a_queued_job(eager, demo):
    job = Job.objects.create(kind=JobKind.RENDER, unit=Unit.objects.get(code="bskji"), year=2023)
    call_command("jobs", f"--cancel={job.pk}", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    with pytest.raises(CommandError, match="sudah berakhir"):
        call_command("jobs", f"--cancel={job.pk}")


def test_jobs_speaks_english_under_the_switch(eager, demo, english_messages):
    job = Job.objects.create(kind=JobKind.RENDER, unit=Unit.objects.get(code="bskji"), year=2023)
    out = io.StringIO()
    call_command("jobs", f"--cancel={job.pk}", stdout=out)
    assert out.getvalue() == f"Job {job.pk} cancelled.\n"
    with pytest.raises(CommandError, match=f"job {job.pk} has already finished"):
        call_command("jobs", f"--cancel={job.pk}")


def test_the_worker_command_line():
    argv = serving.worker_argv(4, "kinerja", schedule="/srv/kinerja/var/beat")
    assert argv[1:5] == ["-m", "celery", "--app=kinerja.celery", "worker"]
    assert "--concurrency=4" in argv and "--queues=kinerja" in argv
    assert argv[-2:] == ["--beat", "--schedule=/srv/kinerja/var/beat"]
    assert "--beat" not in serving.worker_argv(1, "q", beat=False, pool="solo")
    assert [serving.default_concurrency(n) for n in (0, 1, 4)] == [1, 1, 4]


def test_the_demo_without_a_broker_says_background_work_is_off(settings):
    from kinerja.demo.management.commands.demo import Command

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    command = Command(stdout=io.StringIO())
    command.start_worker()  # starts nothing
    assert "Pekerjaan latar belakang mati: broker tidak menjawab" in command.stdout._out.getvalue()


def test_the_demo_without_a_broker_says_so_in_english(settings, english_messages):
    from kinerja.demo.management.commands.demo import Command

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    command = Command(stdout=io.StringIO())
    command.start_worker()
    assert "Background work is off: the broker does not answer" in command.stdout._out.getvalue()


def _edited_realizations(unit, year, code, column, value) -> bytes:
    from kinerja.planning.services import export_realizations

    book = load_workbook(io.BytesIO(export_realizations(unit, year)))
    sheet = book["Realisasi"]
    col = [c.value for c in sheet[1]].index(column) + 1
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == code)
    sheet.cell(row=row, column=col).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_import_runs_as_a_job(eager, users):
    palembang = Unit.objects.get(code="bspji-palembang")
    data = _edited_realizations(palembang, 2023, "SK3.1", "TW1", "12,5")
    path = default_storage.save("uploads/realisasi.xlsx", ContentFile(data))
    job = services.request_job(
        JobKind.IMPORT_REALIZATIONS,
        palembang,
        2023,
        user=users["perencana"],
        parameters={"upload": path, "reason": "TW1 dari unit"},
    )
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.message
    assert job.result == {"rows": job.result["rows"], "changes": 1}
    stored = Realization.objects.get(
        indicator__code="SK3.1", indicator__version__plan__unit=palembang, year=2023, period="q1"
    )
    assert stored.value == Decimal("12.5")


def test_an_import_without_the_right_fails_with_the_reason(eager, users):
    palembang = Unit.objects.get(code="bspji-palembang")
    data = _edited_realizations(palembang, 2023, "SK3.1", "TW1", "12,5")
    path = default_storage.save("uploads/realisasi.xlsx", ContentFile(data))
    job = services.request_job(
        JobKind.IMPORT_REALIZATIONS, palembang, 2023, user=users["luar"],
        parameters={"upload": path},
    )  # fmt: skip
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.message == "Yang meminta pekerjaan ini tidak berhak melakukannya di unit ini."
    assert not Realization.objects.filter(
        indicator__code="SK3.1", indicator__version__plan__unit=palembang, period="q1"
    ).exists()
