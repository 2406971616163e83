"""The main flows in a real browser: log in, enter a quarter's realization with
evidence, submit, verify, approve, see the dashboard change, download the LAKIN, answer
the public survey. One test per flow; each logs in through the login page as the
demo's own accounts do."""

import re

import pytest
from browser_session import log_in, log_out

UNIT, YEAR = "bspji-palembang", 2023
ENTRY = f"/u/{UNIT}/{YEAR}/triwulan/1/SK3.1/"

pytestmark = pytest.mark.django_db(transaction=True)


def status_of_entry(page) -> str:
    return page.locator("dl.facts .status").first.inner_text().strip()


def test_quarter_goes_from_entry_to_approval_and_shows_on_the_dashboard(
    live_server, users, page, shot, files
):
    base = live_server.url

    # The indicator owner types the figure, attaches evidence and submits.
    log_in(page, base, "pic")
    page.goto(base + ENTRY)
    page.fill("#id_value", "12,5")
    page.fill("#id_narrative", "Dua belas setengah persen pada triwulan pertama.")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text()
    page.set_input_files(
        "#id_file",
        files=[{"name": "bukti-tw1.pdf", "mimeType": "application/pdf", "buffer": files["pdf"]}],
    )
    page.get_by_role("button", name="Unggah").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="bukti-tw1.pdf").is_visible()
    shot("1-pic-entered")
    page.get_by_role("button", name="Ajukan").click()
    page.wait_for_load_state()
    assert status_of_entry(page) == "Diajukan"
    log_out(page)

    # The coordinator verifies; the head approves.
    log_in(page, base, "koordinator")
    page.goto(base + ENTRY)
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state()
    assert status_of_entry(page) == "Diverifikasi"
    log_out(page)

    log_in(page, base, "kepala")
    page.goto(base + ENTRY)
    page.get_by_role("button", name="Setujui").click()
    page.wait_for_load_state()
    assert status_of_entry(page) == "Disetujui"
    shot("2-kepala-approved")

    # The dashboard now shows the approved quarter.
    page.goto(f"{base}/u/{UNIT}/{YEAR}/")
    row = page.locator("table.dashboard-quarters tr", has_text="SK3.1")
    first_quarter = row.locator("td").first.inner_text()
    assert "Disetujui" in first_quarter, first_quarter
    shot("3-dashboard")


def test_a_planner_downloads_the_lakin(live_server, users, page, tmp_path, eager):
    base = live_server.url
    log_in(page, base, "perencana")
    page.goto(f"{base}/u/{UNIT}/{YEAR}/laporan/")
    # The button starts a background job (run in the server's process here); its page
    # shows the progress bar, then the link to the file. Eager: the request waits for the
    # whole LAKIN (charts included), which takes a while on a loaded machine.
    page.set_default_timeout(120_000)
    page.get_by_role("button", name=re.compile("XLSX")).first.click()
    page.wait_for_url(re.compile(r"/pekerjaan/\d+/$"))
    assert page.locator("progress").get_attribute("value") == "1"
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh hasil").click()
    download = info.value
    assert download.suggested_filename == f"lakin-{UNIT}-{YEAR}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    from openpyxl import load_workbook

    assert len(load_workbook(path, read_only=True).sheetnames) > 10


def test_the_public_answers_the_survey_without_an_account(live_server, demo, page, shot):
    page.goto(f"{live_server.url}/survei/{UNIT}/")
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_url(re.compile("terima-kasih"))
    shot("survey-thanks")
    from kinerja.survey.models import Response

    assert Response.objects.filter(survey__unit__code=UNIT, channel="web").exists()


def test_a_wrong_password_is_refused_in_the_page(live_server, users, page):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "pic")
    page.fill("#id_password", "bukan-ini")
    page.get_by_role("button", name="Masuk").click()
    assert page.locator(".error-summary").is_visible()
    assert "/masuk/" in page.url


def test_an_upload_without_saving_keeps_what_was_typed(live_server, users, page, shot, files):
    base = live_server.url
    log_in(page, base, "pic")
    page.goto(base + ENTRY)
    page.fill("#id_value", "14,25")
    page.fill("#id_narrative", "Diketik, lalu langsung mengunggah bukti tanpa Simpan.")
    page.set_input_files(
        "#id_file",
        files=[{"name": "bukti.pdf", "mimeType": "application/pdf", "buffer": files["pdf"]}],
    )
    page.get_by_role("button", name="Unggah").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="bukti.pdf").is_visible()
    assert page.input_value("#id_value") == "14,25"
    assert "tanpa Simpan" in page.input_value("#id_narrative")
    shot("upload-kept-typed")
