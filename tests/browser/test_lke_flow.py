"""In a real browser: the SAKIP evaluation in tiers - the planning team self-assesses and
submits, the evaluator scores, the parent's reviewer approves."""

import pytest
from browser_session import log_in, log_out

UNIT, YEAR = "bspji-palembang", 2024

pytestmark = pytest.mark.django_db(transaction=True)


def _answer_every_select(page, prefix: str) -> int:
    selects = page.locator(f"select[name^='{prefix}-']")
    for i in range(selects.count()):
        select = selects.nth(i)
        options = select.locator("option").all_inner_texts()
        select.select_option("Y" if "Y" in options else "B")
    return selects.count()


def test_self_assess_then_evaluator_then_approval(live_server, users, page, shot, files):
    base = live_server.url
    url = f"{base}/u/{UNIT}/{YEAR}/lke/"

    log_in(page, base, "perencana")
    page.goto(url)
    page.get_by_role("button", name="Buat lembar kerja evaluasi").click()
    page.wait_for_load_state()
    # An evidence file for 1.a.1, through the control beside the criterion.
    page.locator("details.lke-file:has(input[form='lke-file-1.a.1']) summary").click()
    page.locator("input[type=file][form='lke-file-1.a.1']").set_input_files(
        {"name": "sk-tim-sakip.pdf", "mimeType": "application/pdf", "buffer": files["pdf"]}
    )
    page.locator("button[form='lke-file-1.a.1']").click()
    page.wait_for_load_state()
    assert "Berkas “sk-tim-sakip.pdf” diunggah." in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="sk-tim-sakip.pdf").count() == 1
    shot("0-evidence-file")
    assert _answer_every_select(page, "self") == 56
    page.get_by_role("button", name="Simpan jawaban mandiri").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Ajukan ke evaluator").click()
    page.wait_for_load_state()
    assert page.locator("#lke-state").inner_text() == "Diajukan ke evaluator"
    shot("1-submitted")
    log_out(page)

    log_in(page, base, "evaluator")
    page.goto(url)
    with page.expect_download() as download:
        page.get_by_role("link", name="sk-tim-sakip.pdf").click()
    assert download.value.suggested_filename == "sk-tim-sakip.pdf"
    assert _answer_every_select(page, "eval") == 56
    page.get_by_role("button", name="Simpan nilai evaluator").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Selesai menilai").click()
    page.wait_for_load_state()
    assert page.locator("#lke-state").inner_text() == "Dinilai evaluator"
    # all Y and B: 20 % + 80 % x 0,75 of every component = 80,00 (A is > 80: BB)
    assert page.locator("#lke-total").inner_text() == "80,00"
    shot("2-scored")
    log_out(page)

    log_in(page, base, "bskji")
    page.goto(url)
    page.get_by_role("button", name="Setujui hasil evaluasi").click()
    page.wait_for_load_state()
    assert page.locator("#lke-state").inner_text() == "Disetujui"
    assert "nilainya menjadi realisasi indikator SAKIP" in page.locator(".messages").inner_text()
    shot("3-approved")
