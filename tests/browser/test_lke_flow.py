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


def test_self_assess_then_evaluator_then_approval(live_server, users, page, shot):
    base = live_server.url
    url = f"{base}/u/{UNIT}/{YEAR}/lke/"

    log_in(page, base, "perencana")
    page.goto(url)
    page.get_by_role("button", name="Buat lembar kerja evaluasi").click()
    page.wait_for_load_state()
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
