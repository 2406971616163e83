"""Narratives in the web app: the unit's text is stored and printed as typed, a blank
slot shows (and prints) the sentence kinerja generates, and clearing goes back to it."""

import pytest
from django.urls import reverse

from kinerja.org.models import Unit
from kinerja.reports.document import Paragraph, walk
from kinerja.reports.lakin import build_lakin
from kinerja.reports.models import Narrative, NarrativeKind

UNIT = "bspji-palembang"
LIST = reverse("reports:narratives", args=[UNIT, 2023])
FOREWORD = reverse("reports:narrative_edit", args=[UNIT, 2023, "foreword"])
TYPED = "Kata pengantar yang ditulis Kepala Balai sendiri."


def indicator_url(kind, code="SK1.1"):
    return reverse("reports:indicator_narrative_edit", args=[UNIT, 2023, kind, code])


def foreword_of(unit) -> Paragraph:
    document = build_lakin(unit, 2023)
    section = next(s for s in document.sections if s.title == "Kata Pengantar")
    return next(b for b in walk(section) if isinstance(b, Paragraph))


@pytest.fixture
def palembang(demo):
    """Without the seed's narratives the demo carries: these tests write their own."""
    unit = Unit.objects.get(code=UNIT)
    Narrative.objects.filter(unit=unit).delete()
    return unit


def test_the_list_shows_generated_text_marked_as_such(client, users, palembang):
    client.force_login(users["perencana"])
    response = client.get(LIST)
    assert response.status_code == 200
    report, per_indicator = response.context["report_slots"], response.context["per_indicator"]
    foreword = report[0]
    assert foreword.kind == NarrativeKind.FOREWORD and foreword.is_generated
    # Exactly the sentence the LAKIN prints.
    assert foreword.text == foreword_of(palembang).text
    assert [g.indicator.code for g in per_indicator][:2] == ["SK1.1", "SK2.1"]
    efficiency = next(s for s in per_indicator[0].slots if s.kind == NarrativeKind.EFFICIENCY)
    assert efficiency.is_generated and efficiency.text.startswith("Anggaran yang mendukung")
    page = response.content.decode()
    assert "Teks otomatis" in page and "Belum ditulis" in page
    assert FOREWORD in page


def test_typed_text_is_stored_and_never_replaced_by_generation(client, users, palembang):
    client.force_login(users["perencana"])
    response = client.post(FOREWORD, {"text": f"  {TYPED}\n", "action": "save"})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}#narasi-laporan-foreword"
    narrative = Narrative.objects.get(kind=NarrativeKind.FOREWORD, indicator=None)
    assert narrative.text == TYPED and narrative.updated_by == users["perencana"]

    paragraph = foreword_of(palembang)  # a later generation of the whole report
    assert (paragraph.text, paragraph.style) == (TYPED, "body")
    narrative.refresh_from_db()
    assert narrative.text == TYPED
    slot = client.get(LIST).context["report_slots"][0]
    assert slot.text == TYPED and not slot.is_generated
    assert slot.generated.startswith("Laporan Akuntabilitas Kinerja")  # shown for reference


def test_clearing_returns_to_the_generated_sentence(client, users, palembang):
    generated = foreword_of(palembang).text
    client.force_login(users["kepala"])
    client.post(FOREWORD, {"text": TYPED, "action": "save"})
    response = client.post(FOREWORD, {"text": TYPED, "action": "clear"})
    assert response.status_code == 302
    assert not Narrative.objects.exists()
    paragraph = foreword_of(palembang)
    assert (paragraph.text, paragraph.style) == (generated, "generated")
    # Saving an empty text clears as well.
    client.post(FOREWORD, {"text": TYPED})
    client.post(FOREWORD, {"text": "   "})
    assert not Narrative.objects.exists()


def test_an_indicator_narrative_is_stored_on_the_indicator(client, users, palembang):
    client.force_login(users["perencana"])
    text = "Capaian didorong oleh pendampingan intensif kepada IKM."
    client.post(indicator_url("success_causes"), {"text": text})
    narrative = Narrative.objects.get()
    assert (narrative.indicator.code, narrative.kind) == ("SK1.1", "success_causes")
    slot = next(
        s
        for s in client.get(LIST).context["per_indicator"][0].slots
        if s.kind == NarrativeKind.SUCCESS_CAUSES
    )
    assert slot.text == text and not slot.is_generated


def test_the_form_can_start_from_the_generated_sentence(client, users, palembang):
    client.force_login(users["perencana"])
    empty = client.get(indicator_url("efficiency"))
    assert empty.context["form"].initial["text"] == ""
    assert "hx-post" not in empty.content.decode()  # a plain form on its own page
    start = client.get(indicator_url("efficiency") + "?mulai=teks-buatan")
    assert start.context["form"].initial["text"].startswith("Anggaran yang mendukung")


def test_htmx_edits_in_place(client, users):
    client.force_login(users["perencana"])
    form = client.get(FOREWORD, headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert "<html" not in form.content.decode() and 'hx-post="' in form.content.decode()
    saved = client.post(FOREWORD, {"text": TYPED}, headers={"HX-Request": "true"})
    body = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in body
    assert TYPED in body and "Narasi disimpan." in body
    shown = client.get(FOREWORD + "?tampil=1", headers={"HX-Request": "true"})
    assert TYPED in shown.content.decode() and "<form" not in shown.content.decode()


def test_who_may_write_narratives(client, users, palembang):
    client.force_login(users["pic"])  # an indicator owner reads them
    page = client.get(LIST)
    assert page.status_code == 200 and FOREWORD not in page.content.decode()
    assert client.post(FOREWORD, {"text": TYPED}).status_code == 403
    client.force_login(users["luar"])
    assert client.post(FOREWORD, {"text": TYPED}).status_code == 404
    assert not Narrative.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:narrative_edit", args=[UNIT, 2023, "success_causes"]),
        reverse("reports:narrative_edit", args=[UNIT, 2023, "nonsense"]),
        indicator_url("foreword"),
        indicator_url("success_causes", code="SK99.9"),
        reverse("reports:narrative_edit", args=[UNIT, 2019, "foreword"]),
    ],
)
def test_slots_the_lakin_does_not_have_are_not_found(client, users, url):
    client.force_login(users["perencana"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": TYPED}).status_code == 404
