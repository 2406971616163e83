"""Quarterly entry pages: the matrix, the entry form with evidence and workflow buttons,
the evidence download and the entry windows, for each kind of user."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kinerja.measurement import entry_selectors, workflow
from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import EntryWindow, Evidence, QuarterEntry, Realization
from kinerja.org.models import Unit

UNIT, YEAR = "bspji-palembang", 2023


@pytest.fixture
def users(entry_users):
    return entry_users


@pytest.fixture
def unit(users):
    return Unit.objects.get(code=UNIT)


def entries_url(**query):
    url = reverse("measurement:entries", args=[UNIT, YEAR])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def entry_url(quarter, code):
    return reverse("measurement:entry", args=[UNIT, YEAR, quarter, code])


def windows_url():
    return reverse("measurement:windows", args=[UNIT, YEAR])


def as_user(client, users, username):
    client.force_login(users[username])
    return client


def indicator(unit, code):
    return entry_selectors.agreement_item_by_code(unit, YEAR, code).indicator


def post_save(client, quarter, code, **fields):
    data = {"action": "save", "value": "", "target": "", "narrative": "", "explanation": ""}
    data.update(fields)
    return client.post(entry_url(quarter, code), data)


def planned_target(unit, quarter, code, target):
    """The planner's quarter target (the owner's form shows it read-only)."""
    indicator = entry_selectors.agreement_item_by_code(unit, YEAR, code).indicator
    entry = workflow.entry_for(indicator, YEAR, quarter)
    QuarterEntry.objects.filter(pk=entry.pk).update(target=Decimal(target))


def post_upload(client, quarter, code, name, content):
    return client.post(
        entry_url(quarter, code),
        {"action": "upload", "file": SimpleUploadedFile(name, content, "application/pdf")},
    )


@pytest.fixture
def uploaded(client, users, unit, evidence_root, files):
    """SK3.1 Q2 saved and with one PDF, uploaded through the page by the PIC."""
    as_user(client, users, "pic")
    assert post_save(client, 2, "SK3.1", value="45", target="20").status_code == 302
    assert post_upload(client, 2, "SK3.1", "berita acara.pdf", files["pdf"]).status_code == 302
    client.logout()
    return Evidence.objects.get()


# -- who sees what ---------------------------------------------------------------------
def test_anonymous_is_sent_to_login(client, users):
    for url in (entries_url(), entry_url(1, "SK3.1"), windows_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_other_units_planner_gets_404_on_every_page(client, users, uploaded):
    as_user(client, users, "luar")
    download = reverse("measurement:evidence", args=[UNIT, YEAR, 2, "SK3.1", uploaded.pk])
    for url in (entries_url(), entry_url(2, "SK3.1"), windows_url(), download):
        assert client.get(url).status_code == 404, url
    assert client.post(entry_url(2, "SK3.1"), {"action": "submit"}).status_code == 404
    assert client.post(windows_url(), {"action": "set", "quarter": "1"}).status_code == 404


def test_matrix_shows_status_value_evidence_and_my_actions(client, users, uploaded):
    as_user(client, users, "pic")
    response = client.get(entries_url())
    assert response.status_code == 200
    assert response.context["nav"] == "entries" and response.context["year"] == YEAR
    html = response.content.decode()
    assert "SK3.1" in html and "SK5.1" in html
    rows = {row.indicator.code: row for row in response.context["rows"]}
    q2 = rows["SK3.1"].cells[1]
    assert (q2.status, q2.value, q2.evidence_count) == ("draft", Decimal("45"), 1)
    assert q2.actions == {"edit", "submit"} and q2.needs_me
    assert rows["SK5.1"].cells[1].actions == set()  # not the PIC's indicator
    assert "Realisasi: 45,00" in html and "1 bukti" in html
    assert 'class="status status-draft">Draf</span>' in html  # colour with a text label


def test_needs_my_action_filter(client, users, unit, uploaded):
    as_user(client, users, "pic")
    codes = [r.indicator.code for r in client.get(entries_url(perlu=1)).context["rows"]]
    assert codes == ["SK1.1", "SK3.1", "SK3.4"]  # the PIC's three indicators
    entry = QuarterEntry.objects.get()
    workflow.submit(entry, users["pic"])
    client.force_login(users["koordinator"])
    rows = client.get(entries_url(perlu=1)).context["rows"]
    assert [r.indicator.code for r in rows] == ["SK3.1"]
    assert rows[0].cells[1].actions == {"verify", "return"}
    client.force_login(users["kepala"])
    response = client.get(entries_url(perlu=1))
    assert response.context["rows"] == []
    assert "Tidak ada laporan triwulan yang menunggu tindakan Anda." in response.content.decode()


def test_reviewer_of_the_parent_unit_reads_but_has_no_buttons(client, users, uploaded):
    as_user(client, users, "bskji")
    assert client.get(entries_url()).status_code == 200
    response = client.get(entry_url(2, "SK3.1"))
    assert response.status_code == 200
    assert response.context["transitions"] == [] and not response.context["can_edit"]
    assert 'name="action" value="save"' not in response.content.decode()


# -- entering --------------------------------------------------------------------------
def test_pic_enters_sk31(client, users, unit):
    as_user(client, users, "pic")
    response = client.get(entry_url(1, "SK3.1"))
    assert response.status_code == 200
    assert 'name="value"' in response.content.decode()
    assert not QuarterEntry.objects.exists()  # looking creates nothing
    response = post_save(client, 1, "SK3.1", value="12,5", target="10", narrative="Dua IKM.")
    assert response.status_code == 302 and response["Location"] == entry_url(1, "SK3.1")
    assert Realization.objects.get(indicator=indicator(unit, "SK3.1"), period="q1").value == (
        Decimal("12.5")
    )
    page = client.get(entry_url(1, "SK3.1")).content.decode()
    assert "Data triwulan disimpan." in page and "Dua IKM." in page


def test_pic_gets_403_posting_sk51(client, users):
    as_user(client, users, "pic")
    assert client.get(entry_url(1, "SK5.1")).status_code == 200  # may read it
    response = post_save(client, 1, "SK5.1", narrative="bukan milik saya")
    assert response.status_code == 403
    assert not QuarterEntry.objects.exists()  # the refused request left no row


def test_koordinator_cannot_submit(client, users, uploaded):
    as_user(client, users, "koordinator")
    response = client.post(entry_url(2, "SK3.1"), {"action": "submit", "submit-comment": ""})
    assert response.status_code == 403
    assert QuarterEntry.objects.get().status == EntryStatus.DRAFT


def test_a_validation_error_keeps_what_was_typed(client, users, unit):
    planned_target(unit, 2, "SK3.1", "20")
    as_user(client, users, "pic")
    response = post_save(
        client, 2, "SK3.1", value="10", target="20", narrative="Narasi yang sudah diketik panjang."
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Narasi yang sudah diketik panjang." in html
    assert "Penjelasan wajib diisi: realisasi 10 di bawah target 20." in html
    assert 'aria-invalid="true"' in html and 'id="kesalahan"' in html
    assert not Realization.objects.filter(period__startswith="q").exists()


def test_a_malformed_number_is_shown_next_to_the_field(client, users):
    as_user(client, users, "pic")
    response = post_save(client, 2, "SK3.1", value="dua belas", narrative="tetap")
    assert response.status_code == 200
    assert response.context["entry_form"].errors["value"]
    assert "tetap" in response.content.decode()


def test_q4_target_is_prefilled_from_the_agreement(client, users):
    as_user(client, users, "pic")
    form = client.get(entry_url(4, "SK3.1")).context["entry_form"]
    assert form["target"].value() == Decimal("40")
    assert client.get(entry_url(2, "SK3.1")).context["entry_form"]["target"].value() is None


def test_computed_indicator_shows_its_value_and_refuses_a_typed_one(client, users):
    as_user(client, users, "pic")
    response = client.get(entry_url(4, "SK1.1"))
    html = response.content.decode()
    assert "Realisasi (dihitung dari catatan)" in html and "53,33" in html
    assert 'name="value"' not in html
    response = post_save(client, 4, "SK1.1", value="99", narrative="Narasi SK1.1")
    assert response.status_code == 200
    assert "dihitung dari catatan unit" in response.content.decode()
    assert "Narasi SK1.1" in response.content.decode()
    assert not Realization.objects.filter(period="q4").exists()
    assert not QuarterEntry.objects.exists()


def test_unknown_indicator_or_quarter_is_404(client, users):
    as_user(client, users, "pic")
    assert client.get(entry_url(5, "SK3.1")).status_code == 404
    assert client.get(entry_url(1, "SK9.9")).status_code == 404


# -- evidence --------------------------------------------------------------------------
def test_upload_refuses_an_exe_renamed_pdf_with_the_file_name(client, users, evidence_root, files):
    as_user(client, users, "pic")
    response = post_upload(client, 1, "SK3.1", "laporan.pdf", files["exe"])
    assert response.status_code == 200
    assert "Berkas “laporan.pdf” ditolak" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("username", ["pic", "kepala", "bskji", "koordinator"])
def test_download_for_users_who_may_read_the_unit(client, users, uploaded, files, username):
    as_user(client, users, username)
    url = reverse("measurement:evidence", args=[UNIT, YEAR, 2, "SK3.1", uploaded.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files["pdf"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "berita acara.pdf" in response["Content-Disposition"]


def test_download_needs_login_and_the_right_address(client, users, uploaded):
    url = reverse("measurement:evidence", args=[UNIT, YEAR, 2, "SK3.1", uploaded.pk])
    response = client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]
    as_user(client, users, "pic")
    wrong = reverse("measurement:evidence", args=[UNIT, YEAR, 3, "SK3.1", uploaded.pk])
    assert client.get(wrong).status_code == 404


def test_pic_removes_evidence_while_draft(client, users, uploaded):
    as_user(client, users, "pic")
    response = client.post(entry_url(2, "SK3.1"), {"action": "remove", "evidence": uploaded.pk})
    assert response.status_code == 302
    assert not Evidence.objects.exists()


# -- the workflow through the pages ----------------------------------------------------
def test_submit_verify_approve_and_reopen_through_the_pages(client, users, uploaded):
    as_user(client, users, "pic")
    assert client.post(entry_url(2, "SK3.1"), {"action": "submit"}).status_code == 302
    client.force_login(users["koordinator"])
    response = client.post(entry_url(2, "SK3.1"), {"action": "return", "return-comment": ""})
    assert response.status_code == 200
    assert "Tuliskan catatan untuk pemilik indikator" in response.content.decode()
    assert client.post(entry_url(2, "SK3.1"), {"action": "verify"}).status_code == 302
    client.force_login(users["kepala"])
    assert client.post(entry_url(2, "SK3.1"), {"action": "approve"}).status_code == 302
    page = client.get(entry_url(2, "SK3.1"))
    assert QuarterEntry.objects.get().status == EntryStatus.APPROVED
    assert "terkunci" in page.content.decode()
    assert [t["name"] for t in page.context["transitions"]] == ["reopen"]
    response = client.post(entry_url(2, "SK3.1"), {"action": "reopen", "reopen-comment": " "})
    assert response.status_code == 200 and "Tuliskan alasan" in response.content.decode()
    response = client.post(
        entry_url(2, "SK3.1"), {"action": "reopen", "reopen-comment": "Koreksi angka."}
    )
    assert response.status_code == 302
    history = client.get(entry_url(2, "SK3.1")).context["page"].events
    assert [e.action for e in history] == ["submit", "verify", "approve", "reopen"]
    assert history[-1].comment == "Koreksi angka."


def test_submit_without_evidence_explains_what_is_missing(client, users):
    as_user(client, users, "pic")
    post_save(client, 1, "SK3.1", value="15", target="10")
    response = client.post(entry_url(1, "SK3.1"), {"action": "submit"})
    assert response.status_code == 200
    assert "Unggah sekurang-kurangnya satu bukti dukung" in response.content.decode()
    assert QuarterEntry.objects.get().status == EntryStatus.DRAFT


def test_unknown_action_is_a_bad_request(client, users):
    as_user(client, users, "pic")
    assert client.post(entry_url(1, "SK3.1"), {"action": "hapus-semua"}).status_code == 400


# -- windows ---------------------------------------------------------------------------
def test_planner_sets_a_window_others_only_read(client, users, unit):
    as_user(client, users, "perencana")
    response = client.post(
        windows_url(),
        {
            "action": "set",
            "quarter": "1",
            "q1-opens_on": "2023-04-01",
            "q1-closes_on": "2023-04-15",
        },
    )
    assert response.status_code == 302
    window = EntryWindow.objects.get(unit=unit, quarter=1)
    assert str(window.closes_on) == "2023-04-15"
    response = client.post(
        windows_url(),
        {
            "action": "set",
            "quarter": "2",
            "q2-opens_on": "2023-07-15",
            "q2-closes_on": "2023-07-01",
        },
    )
    assert response.status_code == 200
    assert "tidak boleh sebelum tanggal dibuka" in response.content.decode()
    client.force_login(users["pic"])
    page = client.get(windows_url())
    assert page.status_code == 200 and 'value="set"' not in page.content.decode()
    response = client.post(
        windows_url(),
        {
            "action": "set",
            "quarter": "1",
            "q1-opens_on": "2023-04-01",
            "q1-closes_on": "2023-12-31",
        },
    )
    assert response.status_code == 403


def test_closed_window_refuses_entry_until_the_planner_reopens_it(client, users, unit):
    today = timezone.localdate()
    workflow.set_window(
        unit, YEAR, 1, today - timedelta(days=30), today - timedelta(days=10), users["perencana"]
    )
    as_user(client, users, "pic")
    page = client.get(entry_url(1, "SK3.1"))
    assert not page.context["can_edit"] and "sudah ditutup" in page.content.decode()
    response = post_save(client, 1, "SK3.1", value="15", target="10", narrative="Data BPS telat.")
    assert response.status_code == 200
    assert "Perencana harus membuka kembali jadwal ini" in response.content.decode()
    assert "Data BPS telat." in response.content.decode()  # what was typed stays on screen
    assert not Realization.objects.filter(period__startswith="q").exists()

    client.force_login(users["perencana"])
    until = (today + timedelta(days=3)).isoformat()
    response = client.post(
        windows_url(), {"action": "reopen", "quarter": "1", "buka1-until": until}
    )
    assert response.status_code == 200 and "Tuliskan alasan" in response.content.decode()
    response = client.post(
        windows_url(),
        {"action": "reopen", "quarter": "1", "buka1-until": until, "buka1-reason": "Data BPS."},
    )
    assert response.status_code == 302
    client.force_login(users["pic"])
    assert post_save(client, 1, "SK3.1", value="15", target="10").status_code == 302
    assert Realization.objects.get(period="q1").value == 15


def test_page_shows_the_approved_figure_and_a_change_since(
    client, users, unit, evidence_root, files
):
    from kinerja.sources.models import FacilitationMeasure

    entry = workflow.entry_for(indicator(unit, "SK1.1"), YEAR, 4)
    workflow.add_evidence(
        entry, users["pic"], SimpleUploadedFile("ba.pdf", files["pdf"], "application/pdf")
    )
    workflow.submit(entry, users["pic"])
    workflow.verify(entry, users["koordinator"])
    workflow.approve(entry, users["kepala"])
    as_user(client, users, "pic")
    page = client.get(entry_url(4, "SK1.1")).content.decode()
    assert "Realisasi yang disetujui" in page and "53,33" in page
    assert "Realisasi berubah sejak disetujui" not in page

    measure = FacilitationMeasure.objects.filter(facilitation__unit=unit).first()
    measure.after = measure.before
    measure.save()
    page = client.get(entry_url(4, "SK1.1")).content.decode()
    assert "Realisasi berubah sejak disetujui" in page
    assert "Kepala menyetujui 53,33" in page


def test_an_oversized_upload_is_refused_by_its_real_size(
    client, users, unit, evidence_root, settings
):
    """The upload handler stops storing the file at the limit; the page still names its
    real size and stores nothing."""
    settings.KINERJA_EVIDENCE_MAX_BYTES = settings.KINERJA_UPLOAD_MAX_BYTES = 50_000
    as_user(client, users, "pic")
    assert post_save(client, 2, "SK3.1", value="45", target="20").status_code == 302
    content = b"%PDF-1.4\n" + b"0" * 300_000
    response = post_upload(client, 2, "SK3.1", "besar.pdf", content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "besar.pdf" in page and "293,0\xa0KB" in page and "48,8\xa0KB" in page
    assert not Evidence.objects.exists()
    assert not any(evidence_root.rglob("*.pdf"))
