"""The XLSX round trip of one year's realizations: typed-in indicators only, and never
a quarter whose report is approved."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from planning_xlsx import cell, edit_cell, row_number, upload

from kinerja.jobs.models import Job
from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import QuarterEntry, Realization
from kinerja.planning import services
from kinerja.planning.models import Indicator

SHEET = "Realisasi"


def all_realizations(year=2023):
    return sorted(
        Realization.objects.filter(
            indicator__version__plan__unit__code="bspji-palembang", year=year
        ).values_list("indicator__code", "period", "value")
    )


@pytest.fixture
def urls(palembang):
    args = [palembang.code, 2023]
    return {
        "download": reverse("planning:realizations_xlsx", args=args),
        "upload": reverse("planning:realizations_upload", args=args),
        "back": reverse("planning:agreement", args=args),
    }


@pytest.fixture
def workbook(client_for, urls) -> bytes:
    response = client_for("perencana").get(urls["download"])
    assert response.status_code == 200
    return response.content


def test_the_template_holds_the_years_values_and_how_each_is_obtained(workbook):
    computed = Realization.objects.get(
        indicator__code="SK1.1",
        indicator__version__plan__unit__code="bspji-palembang",
        year=2023,
        period="year",
    )
    assert Decimal(str(cell(workbook, SHEET, "SK1.1", "Tahunan"))) == computed.value
    assert cell(workbook, SHEET, "SK3.1", "Tahunan") == 58.77
    assert cell(workbook, SHEET, "SK3.1", "TW1") is None
    assert cell(workbook, SHEET, "SK1.1", "Metode").startswith("Dihitung dari catatan")
    assert cell(workbook, SHEET, "SK3.1", "Metode") == "Diisi manual"


def test_round_trip_dry_run_shows_exactly_the_change_then_confirm_writes_it(
    client_for, urls, workbook, eager, users
):
    client = client_for("perencana")
    before = all_realizations()
    data = edit_cell(workbook, SHEET, "SK3.1", "TW1", "12,5")  # typed the Indonesian way
    review_url = client.post(urls["upload"], {"file": upload(data)})["Location"]

    review = client.get(review_url).context["review"]
    assert review.ok
    row = row_number(data, SHEET, "SK3.1")
    assert [(c.place, c.code, c.column, c.old, c.new) for c in review.changes] == [
        (f"lembar Realisasi, baris {row}, kolom TW1", "SK3.1", "TW1", "–", "12,5")
    ]
    assert review.unchanged_rows == 12
    assert all_realizations() == before

    # Confirmed: a background job (jobs/) writes it; its page leads back to the agreement.
    response = client.post(review_url, {"reason": ""}, follow=True)  # the note is optional
    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == f"/pekerjaan/{job.pk}/"
    assert (job.kind, job.state) == ("import_realizations", "succeeded")
    assert job.requested_by == users["perencana"]
    page = response.content.decode()
    assert "dimasukkan ke antrean untuk disimpan" in page and "1 nilai diubah." in page
    assert f'href="{urls["back"]}"' in page
    after = all_realizations()
    assert [r for r in after if r not in before] == [("SK3.1", "q1", Decimal("12.5"))]
    assert len(after) == len(before) + 1
    # The pending upload went with the job: applied, then removed; the link is spent.
    assert not default_storage.exists(job.parameters["upload"])
    assert client.get(review_url)["Location"] == urls["upload"]


def test_a_confirm_with_the_broker_down_says_so_and_keeps_the_upload(
    client_for, urls, workbook, eager, settings
):
    client = client_for("perencana")
    before = all_realizations()
    data = edit_cell(workbook, SHEET, "SK3.1", "TW1", "12,5")
    review_url = client.post(urls["upload"], {"file": upload(data)})["Location"]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.post(review_url, {"reason": ""})
    assert response.status_code == 200
    assert "Pekerjaan latar belakang sedang tidak tersedia" in response.content.decode()
    assert not Job.objects.exists() and all_realizations() == before
    assert client.get(review_url).context["review"].ok  # still pending: try again later


def test_a_computed_indicators_row_is_refused_and_nothing_is_written(client_for, urls, workbook):
    client = client_for("perencana")
    before = all_realizations()
    data = edit_cell(workbook, SHEET, "SK3.1", "TW1", 12.5)  # fine on its own
    data = edit_cell(data, SHEET, "SK1.1", "Tahunan", 60)
    review_url = client.post(urls["upload"], {"file": upload(data)})["Location"]
    review = client.get(review_url).context["review"]
    (problem,) = review.problems
    assert (
        problem.path == f"lembar Realisasi, baris {row_number(data, SHEET, 'SK1.1')}, kolom Tahunan"
    )
    assert "dihitung dari catatan" in problem.message
    client.post(review_url, {"reason": "tetap"})
    assert all_realizations() == before


def test_an_approved_quarter_is_refused_until_it_is_reopened(client_for, urls, workbook, version):
    client = client_for("perencana")
    sk34 = Indicator.objects.get(version=version, code="SK3.4")
    QuarterEntry.objects.create(indicator=sk34, year=2023, quarter=2, status=EntryStatus.APPROVED)
    QuarterEntry.objects.create(indicator=sk34, year=2023, quarter=3, status=EntryStatus.VERIFIED)
    before = all_realizations()
    data = edit_cell(workbook, SHEET, "SK3.4", "TW2", 80)
    data = edit_cell(data, SHEET, "SK3.4", "TW3", 85)  # verified: waits for review
    data = edit_cell(data, SHEET, "SK3.1", "TW1", 12)  # no report yet: a draft
    review_url = client.post(urls["upload"], {"file": upload(data)})["Location"]
    review = client.get(review_url).context["review"]
    approved, verified = review.problems
    assert approved.path.endswith("kolom TW2") and verified.path.endswith("kolom TW3")
    assert "sudah disetujui" in approved.message and "membukanya kembali" in approved.message
    assert "Diverifikasi" in verified.message and "tidak dapat diubah" in verified.message
    assert [c.column for c in review.changes] == ["TW1"]
    client.post(review_url, {"reason": "tetap"})
    assert all_realizations() == before


def test_the_upload_follows_the_quarter_workflow(
    client_for, users, urls, workbook, version, palembang
):
    """The finding of issue 15: a quarter submitted by the PIC and verified by the
    coordinator, and a quarter whose entry window is closed, cannot be changed through
    the workbook; the dry run lists both with the reason, and nothing is written."""
    import datetime as dt

    from kinerja.measurement import workflow

    sk31 = Indicator.objects.get(version=version, code="SK3.1")
    entry = workflow.entry_for(sk31, 2023, 1)
    workflow.save_entry(entry, users["pic"], value=10, explanation="uji", today=dt.date(2023, 4, 5))
    # submitted with its evidence and verified by the coordinator (the steps' own rules
    # are tested in tests/measurement)
    QuarterEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.VERIFIED)
    workflow.set_window(
        palembang, 2023, 4, dt.date(2024, 1, 1), dt.date(2024, 1, 10), users["perencana"]
    )
    client = client_for("perencana")
    before = all_realizations()
    data = edit_cell(workbook, SHEET, "SK3.1", "TW1", 99)
    data = edit_cell(data, SHEET, "SK3.4", "TW4", 77)
    review_url = client.post(urls["upload"], {"file": upload(data)})["Location"]
    review = client.get(review_url).context["review"]
    assert [p.path.rsplit(", ", 1)[-1] for p in review.problems] == ["kolom TW1", "kolom TW4"]
    verified, closed = (p.message for p in review.problems)
    assert "SK3.1" in verified and "Diverifikasi" in verified
    assert "di luar jadwal" in closed
    assert review.changes == []
    client.post(review_url, {"reason": "paksa"})
    assert all_realizations() == before


def test_na_and_text_are_not_realizations(palembang, workbook):
    data = edit_cell(workbook, SHEET, "SK3.1", "TW1", "N/A")
    data = edit_cell(data, SHEET, "SK3.4", "TW1", "banyak")
    review = services.review_realizations(palembang, 2023, data)
    assert [p.message for p in review.problems] == [
        'harus berupa angka, bukan "N/A"',
        'harus berupa angka, bukan "banyak"',
    ]


def test_only_the_planner_uploads_realizations(client_for, urls, workbook):
    for username in ("kepala", "pic", "koordinator"):
        client = client_for(username)
        assert client.post(urls["upload"], {"file": upload(workbook)}).status_code == 403
    assert client_for("luar").get(urls["upload"]).status_code == 404
